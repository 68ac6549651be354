// question: Which tasks have no lead (no actor LEADS them)?
// param: doc = any
// param: limit = 100
// doc: a document id (e.g. 001_0d03b848f9f901be.txt) or any.
MATCH (t:Task)
WHERE ($doc = 'any' OR t.doc = $doc) AND NOT ()-[:LEADS]->(t)
OPTIONAL MATCH (s)-[:SUPPORTS]->(t)
OPTIONAL MATCH (t)-[:INVOLVES]->(x)
RETURN t.text AS task, t.doc AS doc, t.section AS section,
       collect(DISTINCT s.name) AS supporters, collect(DISTINCT x.name) AS involves, t.start AS start
ORDER BY doc, start
LIMIT $limit
