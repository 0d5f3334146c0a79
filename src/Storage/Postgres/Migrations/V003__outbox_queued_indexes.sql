-- OutreachBot schema, version 3: the outbox's look-ups by URN and by the message replied to only ever ask for rows
-- still queued (a STOP fails what is queued for the contact; a redelivered message finds the replies it queued), so
-- their indexes hold queued rows only. A row is rewritten when it is claimed and when it settles; an index whose
-- condition the new version does not meet gets no entry for it, so those two rewrites now touch two indexes each
-- instead of four, and the indexes stay the size of the queue rather than of the whole history.
DROP INDEX outbox_urn;
CREATE INDEX outbox_urn_queued ON outbox (urn) WHERE status = 0;
DROP INDEX outbox_reply_to;
CREATE INDEX outbox_reply_to_queued ON outbox (in_reply_to) WHERE status = 0 AND in_reply_to IS NOT NULL;
