// question: Which tasks have a deadline or time frame, and who owns them?
// param: keyword = any
// param: limit = 100
// keyword: only tasks whose text contains it (any = all).
MATCH (t:Task)
WHERE coalesce(t.deadline, '') <> '' AND ($keyword = 'any' OR t.text CONTAINS $keyword)
OPTIONAL MATCH (l)-[:LEADS]->(t)
OPTIONAL MATCH (s)-[:SUPPORTS]->(t)
RETURN t.deadline AS deadline, t.text AS task, collect(DISTINCT l.name) AS leads,
       collect(DISTINCT s.name) AS supports, t.doc AS doc, t.start AS start
ORDER BY doc, start
LIMIT $limit
