-- The kind of every actor named by the partnerships of ids $1.
SELECT a.id, a.kind
  FROM actors a
 WHERE a.id IN (SELECT p.actor_a FROM partnerships p WHERE p.id = ANY ($1)
                UNION
                SELECT p.actor_b FROM partnerships p WHERE p.id = ANY ($1))
