// question: Which actors lead the most tasks (and in how many documents)?
// param: label = Agency
// param: limit = 20
MATCH (a)-[:LEADS]->(t:Task)
WHERE $label IN labels(a)
WITH a, count(DISTINCT t) AS leads, count(DISTINCT t.doc) AS documents
OPTIONAL MATCH (a)-[:SUPPORTS]->(s:Task)
RETURN a.name AS actor, leads, count(DISTINCT s) AS supports, documents
ORDER BY leads DESC, supports DESC, actor
LIMIT $limit
