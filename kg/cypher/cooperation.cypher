// question: Which parties are stated to co-operate (agreements, joint work), and where is it said?
// param: name = any
// param: limit = 100
// name: only pairs involving this entity (canonical name or alias); any = all pairs.
MATCH (a)-[r:COOPERATES_WITH]->(b)
WHERE $name = 'any' OR a.name = $name OR b.name = $name OR $name IN a.aliases OR $name IN b.aliases
RETURN a.name AS party_a, labels(a)[0] AS label_a, b.name AS party_b, labels(b)[0] AS label_b,
       r.doc AS doc, r.sentence AS sentence, r.rule AS rule
ORDER BY doc, r.start
LIMIT $limit
