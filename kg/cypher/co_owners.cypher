// question: Which pairs of agencies share tasks (co-lead or co-operate) most often?
// param: label = Agency
// param: min_shared = 1
// param: limit = 25
// Pairs of actors with the given label attached (LEADS or SUPPORTS) to the same task.
MATCH (a)-[ra:LEADS|SUPPORTS]->(t:Task)<-[rb:LEADS|SUPPORTS]-(b)
WHERE a.id < b.id AND $label IN labels(a) AND $label IN labels(b)
WITH a, b, count(DISTINCT t) AS shared_tasks,
     sum(CASE WHEN type(ra) = 'LEADS' AND type(rb) = 'LEADS' THEN 1 ELSE 0 END) AS both_lead,
     collect(DISTINCT t.doc) AS docs, collect(DISTINCT t.text)[0..3] AS examples
WHERE shared_tasks >= $min_shared
RETURN a.name AS actor_a, b.name AS actor_b, shared_tasks, both_lead, docs, examples
ORDER BY shared_tasks DESC, both_lead DESC, actor_a, actor_b
LIMIT $limit
