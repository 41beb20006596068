-- Second-factor checks are counted by the shared rate limiter (table "rate_limit", lib/abuse-limits.ts) like every
-- other abuse limit, so their own counter table goes. (No semicolon in comments: the migration engine splits on it.)
DROP TABLE IF EXISTS "AttemptCounter";
