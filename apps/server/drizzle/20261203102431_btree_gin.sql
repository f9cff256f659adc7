-- btree_gin lets one GIN index hold the workspace and the language with the search vector: a search reads only its
-- workspace's matches of its language from the index, instead of reading (and decompressing) every article's vector.
CREATE EXTENSION IF NOT EXISTS btree_gin;
