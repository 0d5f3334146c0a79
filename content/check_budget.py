#!/usr/bin/env python3
"""Validate the quiz and poll files in content/ against the rules in content/README.md.

Usage: python3 content/check_budget.py [-v] [content-dir]

Prints one line per file (OK or FAIL with the reasons) and exits 1 when any file fails;
-v also prints the SMS size of every question, in both languages.
SMS parts are counted the way src/Flows/Text/SmsSegments.cs counts them: GSM-7 160/153
septets (extension characters cost two and are never split), UCS-2 70/67 UTF-16 units
(a surrogate pair is never split).
"""

import datetime
import pathlib
import re
import sys

try:
    import yaml
except ImportError:  # pragma: no cover
    sys.exit("PyYAML is missing: apt-get install -y python3-yaml")

MAX_SEGMENTS = 3          # a question with its numbered options, an intro, a completion text
MAX_EXPLANATION_SEGMENTS = 2  # leaves a part for the engine's own "Correct!" / "The answer is 2." line
MAX_QUESTIONS = 10
LANGS = ("ar", "en")

ID_RE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
ARABIC_RE = re.compile(r"[\u0600-\u06FF]")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# --- SMS counting (mirror of SmsSegments.cs) -------------------------------------------------

GSM_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENSION = set("^{}\\[~]|€\f")


def _units(text):
    """The string as UTF-16 code units (as C# sees it): one entry per unit, pairs marked."""
    units = []
    for ch in text:
        if ord(ch) > 0xFFFF:
            units.append(("hi", ch))
            units.append(("lo", ch))
        else:
            units.append(("bmp", ch))
    return units


def is_gsm7(text):
    return all(c in GSM_BASIC or c in GSM_EXTENSION for c in text)


def sms_count(text):
    """(segments, encoding, units) exactly as SmsSegments.Count."""
    if is_gsm7(text):
        costs = [2 if c in GSM_EXTENSION else 1 for c in text]
        return _pack(costs, single=160, part=153), "GSM-7", sum(costs)
    units = _units(text)
    costs = []
    i = 0
    while i < len(units):
        if units[i][0] == "hi":
            costs.append(2)   # a surrogate pair travels whole
            i += 2
        else:
            costs.append(1)
            i += 1
    return _pack(costs, single=70, part=67), "UCS-2", len(units)


def _pack(costs, single, part):
    if sum(costs) <= single:
        return 1
    parts, used = 1, 0
    for c in costs:
        if used + c > part:
            parts += 1
            used = 0
        used += c
    return parts


def render_question(text, options):
    """The SMS form of a question: its text, then one numbered line per option."""
    return text + "\n" + "\n".join(f"{i}. {o}" for i, o in enumerate(options, 1))


# --- codes the service already has -----------------------------------------------------------

FALLBACK_GOVERNORATES = {
    "C", "GZ", "ALX", "KB", "SHR", "DK", "GH", "MNF", "KFS", "BH", "DT", "PTS", "IS", "SUZ",
    "FYM", "BNS", "MN", "AST", "SHG", "KN", "LX", "ASN", "BA", "WAD", "MT", "SIN", "JS",
}
FALLBACK_INTERESTS = {"hayah_karima", "wai", "daem", "health", "red_crescent", "education"}


def load_codes(repo_root):
    """Governorate and interest codes, read from the sign-up sources so the two never drift."""
    notes = []
    gov_file = repo_root / "src/Flows/SignUp/Governorates.cs"
    set_file = repo_root / "src/Flows/SignUp/ChoiceSets.cs"
    governorates, interests = FALLBACK_GOVERNORATES, FALLBACK_INTERESTS
    if gov_file.is_file():
        found = set(re.findall(r'new\("([A-Z]+)",', gov_file.read_text(encoding="utf-8")))
        if found:
            governorates = found
    else:
        notes.append(f"note: {gov_file} not found, using the built-in governorate codes")
    if set_file.is_file():
        src = set_file.read_text(encoding="utf-8")
        block = re.search(r"Interests\s*\{\s*get;\s*\}\s*=\s*\[(.*?)\];", src, re.S)
        if block:
            found = set(re.findall(r'new\("([a-z_]+)",', block.group(1)))
            if found:
                interests = found
    else:
        notes.append(f"note: {set_file} not found, using the built-in interest codes")
    return governorates, interests, notes


# --- validation ------------------------------------------------------------------------------

class FileCheck:
    def __init__(self, path, rel):
        self.path = path
        self.rel = rel
        self.errors = []
        self.max_units = {"ar": (0, 0), "en": (0, 0)}  # (units, segments) of the longest question
        self.sizes = []  # (question id, {lang: (units, segments)})

    def err(self, where, msg):
        self.errors.append(f"{where}: {msg}" if where else msg)

    # a text in one language
    def text(self, where, value, lang, max_segments=MAX_SEGMENTS, allow_newline=True):
        if not isinstance(value, str) or not value.strip():
            self.err(where, f"'{lang}' must be a non-empty string")
            return None
        if value != value.strip():
            self.err(where, f"'{lang}' has leading or trailing whitespace")
        if not allow_newline and "\n" in value:
            self.err(where, f"'{lang}' must be one line")
        if lang == "ar" and not ARABIC_RE.search(value):
            self.err(where, "'ar' has no Arabic letters")
        if lang == "en":
            if ARABIC_RE.search(value):
                self.err(where, "'en' contains Arabic letters")
            bad = sorted({c for c in value if not (c in GSM_BASIC or c in GSM_EXTENSION)})
            if bad:
                self.err(where, f"'en' is not GSM-7 (would be sent as UCS-2): {''.join(bad)!r}")
        if max_segments:
            segs, enc, units = sms_count(value)
            if segs > max_segments:
                self.err(where, f"'{lang}' takes {segs} SMS parts ({units} {enc} units), limit {max_segments}")
        return value

    # an {ar, en} pair
    def bilingual(self, where, value, max_segments=MAX_SEGMENTS, allow_newline=True):
        if not isinstance(value, dict):
            self.err(where, "must be a mapping with 'ar' and 'en'")
            return None
        extra = set(value) - set(LANGS)
        if extra:
            self.err(where, f"unknown keys {sorted(extra)} (only 'ar' and 'en')")
        out = {}
        for lang in LANGS:
            if lang not in value:
                self.err(where, f"missing '{lang}'")
                continue
            out[lang] = self.text(where, value[lang], lang, max_segments, allow_newline)
        return out


TOP_KEYS_QUIZ = {"id", "version", "kind", "title", "intro", "pass_mark", "completion", "questions", "audience", "active"}
TOP_KEYS_POLL = TOP_KEYS_QUIZ - {"pass_mark"}
Q_KEYS_QUIZ = {"id", "text", "options", "correct", "explanation", "source"}
Q_KEYS_POLL = {"id", "text", "options"}


def is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def check_file(path, rel, expected_kind, governorates, interests):
    fc = FileCheck(path, rel)
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as e:
        fc.err("", f"not valid YAML/UTF-8: {e}")
        return fc, None
    if not isinstance(doc, dict):
        fc.err("", "top level must be a mapping")
        return fc, None

    kind = doc.get("kind")
    if kind not in ("quiz", "poll"):
        fc.err("kind", "must be 'quiz' or 'poll'")
        return fc, None
    if kind != expected_kind:
        folder = "quizzes" if expected_kind == "quiz" else "polls"
        fc.err("kind", f"a {kind} in the {folder}/ folder")
    allowed = TOP_KEYS_QUIZ if kind == "quiz" else TOP_KEYS_POLL
    for k in sorted(set(doc) - allowed):
        fc.err(k, "unknown field" + (" (quizzes only)" if k == "pass_mark" else ""))

    fid = doc.get("id")
    if not isinstance(fid, str) or not ID_RE.match(fid):
        fc.err("id", "must be lowercase ascii words joined by underscores, e.g. digital_safety")
    elif fid != path.stem:
        fc.err("id", f"'{fid}' differs from the file name '{path.stem}'")

    version = doc.get("version")
    if not is_int(version) or version < 1:
        fc.err("version", "must be an integer >= 1")

    for field in ("title", "intro"):
        if field not in doc:
            fc.err(field, "missing")
    title = fc.bilingual("title", doc.get("title"), max_segments=1, allow_newline=False) if "title" in doc else None
    intro = fc.bilingual("intro", doc.get("intro")) if "intro" in doc else None
    if title and intro:
        for lang in LANGS:
            if title.get(lang) and intro.get(lang):
                segs, enc, units = sms_count(title[lang] + "\n" + intro[lang])
                if segs > MAX_SEGMENTS:
                    fc.err("intro", f"title + intro in '{lang}' take {segs} SMS parts ({units} {enc} units)")

    completion = doc.get("completion")
    if completion is None:
        fc.err("completion", "missing")
    elif kind == "quiz":
        if not isinstance(completion, dict) or set(completion) != {"passed", "failed"}:
            fc.err("completion", "a quiz needs 'passed' and 'failed', each with 'ar' and 'en'")
        else:
            fc.bilingual("completion.passed", completion["passed"])
            fc.bilingual("completion.failed", completion["failed"])
    else:
        fc.bilingual("completion", completion)

    questions = doc.get("questions")
    if not isinstance(questions, list) or not questions:
        fc.err("questions", "must be a non-empty list")
        questions = []
    elif len(questions) > MAX_QUESTIONS:
        fc.err("questions", f"{len(questions)} questions, at most {MAX_QUESTIONS}")

    if kind == "quiz":
        pm = doc.get("pass_mark")
        if not is_int(pm) or not 1 <= pm <= max(len(questions), 1):
            fc.err("pass_mark", f"must be an integer from 1 to the number of questions ({len(questions)})")

    seen_q = set()
    q_keys = Q_KEYS_QUIZ if kind == "quiz" else Q_KEYS_POLL
    for n, q in enumerate(questions, 1):
        where = f"questions[{n}]"
        if not isinstance(q, dict):
            fc.err(where, "must be a mapping")
            continue
        qid = q.get("id")
        if isinstance(qid, str):
            where = f"questions[{n}] {qid}"
        if not isinstance(qid, str) or not ID_RE.match(qid):
            fc.err(where, "id must be lowercase ascii words joined by underscores")
        elif qid in seen_q:
            fc.err(where, "duplicate question id")
        else:
            seen_q.add(qid)
        for k in sorted(set(q) - q_keys):
            fc.err(where, f"unknown field '{k}'" + (" (quiz questions only)" if k in Q_KEYS_QUIZ else ""))

        text = fc.bilingual(f"{where} text", q.get("text"), max_segments=0) if "text" in q else None
        if "text" not in q:
            fc.err(where, "missing 'text'")

        options = q.get("options")
        opt_texts = {lang: [] for lang in LANGS}
        if not isinstance(options, list) or not 2 <= len(options) <= 4:
            fc.err(where, "options must be a list of 2 to 4 entries")
            options = options if isinstance(options, list) else []
        codes = []
        for m, o in enumerate(options, 1):
            ow = f"{where} option {m}"
            if not isinstance(o, dict):
                fc.err(ow, "must be a mapping with 'ar' and 'en'")
                continue
            if kind == "poll" and "code" in o:
                code = o["code"]
                if not isinstance(code, str) or not ID_RE.match(code):
                    fc.err(ow, "code must be lowercase ascii words joined by underscores")
                codes.append(code)
                o = {k: v for k, v in o.items() if k != "code"}
            elif "code" in o:
                fc.err(ow, "'code' is for poll options only")
                o = {k: v for k, v in o.items() if k != "code"}
            pair = fc.bilingual(ow, o, max_segments=0, allow_newline=False)
            if pair:
                for lang in LANGS:
                    if pair.get(lang):
                        opt_texts[lang].append(pair[lang])
        if codes:
            if len(codes) != len(options):
                fc.err(where, "either every option has a 'code' or none has")
            if len(set(codes)) != len(codes):
                fc.err(where, "duplicate option codes")
        for lang in LANGS:
            if len(set(opt_texts[lang])) != len(opt_texts[lang]):
                fc.err(where, f"two options read the same in '{lang}'")

        # the SMS budget: question text plus its numbered options, per language
        if text:
            fc.sizes.append((qid, {}))
            for lang in LANGS:
                if text.get(lang) and len(opt_texts[lang]) == len(options) and options:
                    rendered = render_question(text[lang], opt_texts[lang])
                    segs, enc, units = sms_count(rendered)
                    if segs > MAX_SEGMENTS:
                        fc.err(where, f"'{lang}' question with options takes {segs} SMS parts "
                                      f"({units} {enc} units; limit {201 if enc == 'UCS-2' else 459})")
                    fc.sizes[-1][1][lang] = (units, segs)
                    if units > fc.max_units[lang][0]:
                        fc.max_units[lang] = (units, segs)

        if kind == "quiz":
            correct = q.get("correct")
            if not is_int(correct) or not 1 <= correct <= max(len(options), 1):
                fc.err(where, f"correct must be an option number from 1 to {len(options)}")
            if "explanation" not in q:
                fc.err(where, "missing 'explanation'")
            else:
                fc.bilingual(f"{where} explanation", q["explanation"], max_segments=MAX_EXPLANATION_SEGMENTS)
            src = q.get("source")
            if not isinstance(src, str) or not src.strip():
                fc.err(where, "missing 'source' (the public document the fact comes from)")

    audience = doc.get("audience")
    if audience is not None:
        if not isinstance(audience, dict) or not audience:
            fc.err("audience", "must be a mapping with 'governorates' and/or 'interests'")
        else:
            for k in sorted(set(audience) - {"governorates", "interests"}):
                fc.err("audience", f"unknown key '{k}'")
            for key, known in (("governorates", governorates), ("interests", interests)):
                if key not in audience:
                    continue
                vals = audience[key]
                if not isinstance(vals, list) or not vals:
                    fc.err(f"audience.{key}", "must be a non-empty list of codes")
                    continue
                for v in vals:
                    if v not in known:
                        fc.err(f"audience.{key}", f"unknown code {v!r}")
                if len(set(map(str, vals))) != len(vals):
                    fc.err(f"audience.{key}", "duplicate codes")

    active = doc.get("active")
    if active is not None:
        dates = {}
        if not isinstance(active, dict) or not active or set(active) - {"from", "to"}:
            fc.err("active", "must be a mapping with 'from' and/or 'to'")
        else:
            for k, v in active.items():
                if isinstance(v, datetime.datetime):
                    fc.err(f"active.{k}", "must be a date (YYYY-MM-DD), not a date and time")
                elif isinstance(v, datetime.date):
                    dates[k] = v
                elif isinstance(v, str) and DATE_RE.match(v):
                    try:
                        dates[k] = datetime.date.fromisoformat(v)
                    except ValueError:
                        fc.err(f"active.{k}", f"{v!r} is not a real date")
                else:
                    fc.err(f"active.{k}", "must be an ISO date YYYY-MM-DD")
            if "from" in dates and "to" in dates and dates["from"] > dates["to"]:
                fc.err("active", "'from' is after 'to'")

    return fc, (fid if isinstance(fid, str) else None, [q.get("id") for q in questions if isinstance(q, dict)])


def main(argv):
    args = argv[1:]
    verbose = "-v" in args
    args = [a for a in args if a != "-v"]
    here = pathlib.Path(__file__).resolve().parent
    root = pathlib.Path(args[0]).resolve() if args else here
    governorates, interests, notes = load_codes(root.parent)
    for n in notes:
        print(n)

    files = []
    for folder, kind in (("quizzes", "quiz"), ("polls", "poll")):
        d = root / folder
        if d.is_dir():
            files += [(p, kind) for p in sorted(d.iterdir()) if p.suffix in (".yaml", ".yml", ".json")]
    if not files:
        print(f"no quiz or poll files under {root}")
        return 1

    failed = 0
    ids = {}
    for path, kind in files:
        rel = path.relative_to(root)
        fc, info = check_file(path, rel, kind, governorates, interests)
        if info and info[0]:
            if info[0] in ids:
                fc.err("id", f"'{info[0]}' is also used by {ids[info[0]]}")
            else:
                ids[info[0]] = rel
        if fc.errors:
            failed += 1
            print(f"FAIL {rel}")
            for e in fc.errors:
                print(f"     - {e}")
        else:
            doc = yaml.safe_load(path.read_text(encoding="utf-8"))
            nq = len(doc["questions"])
            ar_u, ar_s = fc.max_units["ar"]
            en_u, en_s = fc.max_units["en"]
            extra = f", pass mark {doc['pass_mark']}/{nq}" if kind == "quiz" else ""
            print(f"OK   {rel}: {kind}, {nq} question{'s' if nq != 1 else ''}{extra}; "
                  f"longest question with options: ar {ar_u}/201 UCS-2 units ({ar_s} part{'s' if ar_s != 1 else ''}), "
                  f"en {en_u}/459 GSM-7 septets ({en_s} part{'s' if en_s != 1 else ''})")
            if verbose:
                for qid, sz in fc.sizes:
                    cells = "  ".join(f"{lang} {sz[lang][0]:>3} ({sz[lang][1]})" for lang in LANGS if lang in sz)
                    print(f"       {qid:<24} {cells}")
    print(f"{len(files) - failed} of {len(files)} files pass")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
