-- What an import's resolver needs of every actor to know its place.
SELECT a.id, coalesce(a.commune, ''), a.country FROM actors a
