// question: What does each document contain: jurisdiction, tasks, owners, entities?
// param: limit = 100
MATCH (d:Document)
OPTIONAL MATCH (t:Task)-[:FROM]->(d)
WITH d, count(DISTINCT t) AS tasks
OPTIONAL MATCH (a)-[:LEADS|SUPPORTS]->(t2:Task {doc: d.name})
WITH d, tasks, count(DISTINCT a) AS owners
OPTIONAL MATCH (e)-[:MENTIONED_IN]->(d)
RETURN d.name AS doc, d.title AS title, d.place AS place, tasks, owners,
       count(DISTINCT e) AS entities
ORDER BY doc
LIMIT $limit
