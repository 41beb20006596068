-- Likely duplicates of a new operator are found by trigram similarity of names across its country (pg_trgm).
-- "comparableName" is written by the application (domain/operator-rules.ts comparableName: folded, punctuation and
-- legal forms dropped). Rows older than this column get an approximation here (lower case, punctuation and the
-- common legal forms dropped, accents kept) until they are written again.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

ALTER TABLE "Organisation" ADD COLUMN "comparableName" TEXT NOT NULL DEFAULT '';

UPDATE "Organisation" SET "comparableName" = btrim(regexp_replace(regexp_replace(
  regexp_replace(replace(lower(name), '.', ''), '[^[:alnum:]]+', ' ', 'g'),
  '\m(sa|nv|bv|bvba|sprl|srl|sarl|sas|gmbh|ag|kg|ltd|limited|llc|inc|plc|spa|sl|oy|ab|as|aps|sro|zoo|cv|scrl|eurl|ohg|co|company)\M', ' ', 'g'),
  ' +', ' ', 'g'));

CREATE INDEX "Organisation_comparableName_trgm_idx" ON "Organisation" USING gin ("comparableName" gin_trgm_ops);
