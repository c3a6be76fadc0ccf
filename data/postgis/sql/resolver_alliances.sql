SELECT id FROM alliances
