-- Lesson pages show HTML rendered from the Markdown when the lesson is published (CatalogProjection).
-- Rows written before this column existed get it when the catalog projection runs again from the
-- start, which dropping its token does; re-applying a lesson event of the same version is harmless.
ALTER TABLE catalog_lesson ADD COLUMN body_html text;
DELETE FROM token_entry WHERE processor_name = 'catalog';
