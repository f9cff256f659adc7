-- Text search configurations that fold accents before stemming, for marking the words found in a snippet: the query's
-- words are folded ("reinitialiser"), so the article's own words must be too for "Réinitialiser" to be marked.
-- Searching keeps its own vectors; only the headlines read these.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'switchboard_english') THEN
    CREATE TEXT SEARCH CONFIGURATION switchboard_english (COPY = pg_catalog.english);
    ALTER TEXT SEARCH CONFIGURATION switchboard_english ALTER MAPPING FOR hword, hword_part, word WITH public.unaccent, english_stem;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'switchboard_french') THEN
    CREATE TEXT SEARCH CONFIGURATION switchboard_french (COPY = pg_catalog.french);
    ALTER TEXT SEARCH CONFIGURATION switchboard_french ALTER MAPPING FOR hword, hword_part, word WITH public.unaccent, french_stem;
  END IF;
END
$$;
