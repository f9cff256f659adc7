CREATE EXTENSION IF NOT EXISTS unaccent;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
-- unaccent() is only STABLE; an IMMUTABLE wrapper lets search vectors and indexes use it.
CREATE OR REPLACE FUNCTION switchboard_unaccent(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;
--> statement-breakpoint
-- One document vector for English and French: accents folded, then stemmed by both dictionaries,
-- so "chevaux" finds "cheval", "remboursé" finds "rembourser" and "refunds" finds "refund".
CREATE OR REPLACE FUNCTION switchboard_search_vector(text) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT to_tsvector('english'::regconfig, switchboard_unaccent(coalesce($1, '')))
            || to_tsvector('french'::regconfig, switchboard_unaccent(coalesce($1, ''))) $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION switchboard_search_query(text) RETURNS tsquery
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT websearch_to_tsquery('english'::regconfig, switchboard_unaccent(coalesce($1, '')))
            || websearch_to_tsquery('french'::regconfig, switchboard_unaccent(coalesce($1, ''))) $$;
