-- The back-office lists and the directory at a million rows (bench: back-office list, directory search).
-- Every request, oldest first (the list without a status filter): read in index order rather than sorted.
CREATE INDEX "AuthorisationRequest_createdAt_id_idx" ON "AuthorisationRequest"("createdAt", "id");

-- The request list's search box (admin/request-reads.ts requestSearchWhere): a substring of the applicant or of the
-- organisation, case- and accent-free, through trigrams of the very expressions the query compares.
CREATE INDEX "Account_search_trgm_idx" ON "Account" USING gin (
  (lower(regexp_replace(normalize("firstName" || ' ' || "lastName" || ' ' || email, NFD), U&'[\0300-\036F]', '', 'g')))
  gin_trgm_ops);
CREATE INDEX "Organisation_request_search_trgm_idx" ON "Organisation" USING gin (
  (lower(regexp_replace(normalize(name || ' ' || coalesce(code, ''), NFD), U&'[\0300-\036F]', '', 'g')))
  gin_trgm_ops);

-- The directory's text search (api/use-cases/directory.ts): each word a substring of the folded searchText.
CREATE INDEX "Organisation_searchText_trgm_idx" ON "Organisation" USING gin ("searchText" gin_trgm_ops);
