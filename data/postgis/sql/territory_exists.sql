SELECT EXISTS (SELECT 1 FROM territories WHERE level = $1 AND code = $2)
