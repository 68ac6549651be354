// question: Which documents mention an entity, and how often?
// param: name = 连云港市商务局
// param: limit = 100
MATCH (e)-[m:MENTIONED_IN]->(d:Document)
WHERE e.name = $name OR $name IN e.aliases
OPTIONAL MATCH (e)-[r:LEADS|SUPPORTS]->(t:Task {doc: d.name})
RETURN labels(e)[0] AS label, e.name AS entity, d.name AS doc, d.title AS title,
       m.count AS mentions, count(DISTINCT t) AS owned_tasks
ORDER BY mentions DESC, doc
LIMIT $limit
