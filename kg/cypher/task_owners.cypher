// question: Who owns (leads or supports) the tasks that mention a keyword?
// param: keyword = 无人快递车
// param: limit = 100
MATCH (t:Task)
WHERE t.text CONTAINS $keyword OR t.sentence CONTAINS $keyword
OPTIONAL MATCH (l)-[:LEADS]->(t)
OPTIONAL MATCH (s)-[:SUPPORTS]->(t)
WITH t, collect(DISTINCT l.name) AS leads, collect(DISTINCT s.name) AS supports
RETURN t.text AS task, leads, supports, t.doc AS doc, t.deadline AS deadline, t.start AS start
ORDER BY doc, start
LIMIT $limit
