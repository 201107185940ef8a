-- Challenge pages show HTML rendered from the statement's Markdown when the challenge is published
-- (CatalogProjection), as lesson pages do (V13); submissions keep the code that was submitted, so
-- the challenge page gives a learner their last code back. Existing rows get both when the two
-- projections run again from the start, which dropping their tokens does: re-applying a challenge
-- event of the same version is harmless, and a replayed SubmissionRequested only fills a missing code.
ALTER TABLE catalog_challenge ADD COLUMN statement_html text;
ALTER TABLE submission ADD COLUMN code text;
DELETE FROM token_entry WHERE processor_name IN ('catalog', 'submissions');
