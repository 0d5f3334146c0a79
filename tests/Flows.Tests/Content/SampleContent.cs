namespace OutreachBot.Flows.Tests.Content;

/// <summary>SampleContent: a small valid quiz and poll as YAML text, which tests break one field at a time.</summary>
public static class SampleContent
{
    public const string Quiz = """
        id: sample_quiz
        version: 1
        kind: quiz
        title: { ar: "اختبار تجريبي", en: "Sample quiz" }
        intro: { ar: "سؤالان للتجربة.", en: "Two questions to try." }
        pass_mark: 1
        completion:
          passed: { ar: "أحسنت!", en: "Well done!" }
          failed: { ar: "حاول مرة أخرى.", en: "Try again." }
        questions:
          - id: first
            text: { ar: "السؤال الأول؟", en: "First question?" }
            options:
              - { ar: "الإجابة الأولى", en: "First answer" }
              - { ar: "الإجابة الثانية", en: "Second answer" }
            correct: 2
            explanation: { ar: "لأن الثانية صحيحة.", en: "Because the second is right." }
            source: "A public document"
          - id: second
            text: { ar: "السؤال الثاني؟", en: "Second question?" }
            options:
              - { ar: "نعم", en: "Yes" }
              - { ar: "لا", en: "No" }
              - { ar: "ربما", en: "Maybe" }
            correct: 1
            explanation: { ar: "لأن الأولى صحيحة.", en: "Because the first is right." }
            source: "A public document"
        """;

    public const string Poll = """
        id: sample_poll
        version: 1
        kind: poll
        title: { ar: "استطلاع تجريبي", en: "Sample poll" }
        intro: { ar: "سؤال واحد.", en: "One question." }
        completion: { ar: "شكراً لك!", en: "Thank you!" }
        questions:
          - id: choice
            text: { ar: "ماذا تختار؟", en: "What do you choose?" }
            options:
              - { code: first, ar: "الأول", en: "The first" }
              - { code: second, ar: "الثاني", en: "The second" }
        """;
}
