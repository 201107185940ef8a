-- The tutor's answer as sanitized HTML (TutorProjection renders its Markdown with the forum's renderer).
-- Answers recorded before this stay plain text on the pages until the tutor projection is replayed.
ALTER TABLE tutor_message ADD COLUMN answer_html TEXT;
