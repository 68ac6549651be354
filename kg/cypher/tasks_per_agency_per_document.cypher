// question: How many tasks does each agency lead and support in each document?
// param: label = Agency
// param: min_tasks = 1
// param: limit = 200
MATCH (a)-[r:LEADS|SUPPORTS]->(t:Task)
WHERE $label IN labels(a)
WITH a.name AS actor, t.doc AS doc,
     count(DISTINCT CASE WHEN type(r) = 'LEADS' THEN t END) AS leads,
     count(DISTINCT CASE WHEN type(r) = 'SUPPORTS' THEN t END) AS supports
WHERE leads + supports >= $min_tasks
RETURN actor, doc, leads, supports, leads + supports AS total
ORDER BY doc, total DESC, actor
LIMIT $limit
