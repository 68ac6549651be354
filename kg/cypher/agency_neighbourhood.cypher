// question: What is around an agency: its tasks, the actors it shares them with, what they involve, where it is?
// param: agency = 连云港市商务局
// param: limit = 300
// One row per relationship (source, type, target) within two hops through the agency's tasks,
// plus its own LOCATED_IN / PART_OF / COOPERATES_WITH relationships. Used by the analyst notebook.
MATCH (a)
WHERE (a:Agency OR a:Enterprise OR a:Organization) AND (a.name = $agency OR $agency IN a.aliases)
CALL (a) {
  MATCH (a)-[r:LEADS|SUPPORTS]->(t:Task)
  RETURN a AS s, r, t AS o
  UNION
  MATCH (a)-[:LEADS|SUPPORTS]->(t:Task)<-[r:LEADS|SUPPORTS]-(other)
  WHERE other <> a
  RETURN other AS s, r, t AS o
  UNION
  MATCH (a)-[:LEADS|SUPPORTS]->(t:Task)-[r:INVOLVES]->(x)
  RETURN t AS s, r, x AS o
  UNION
  MATCH (a)-[r:LOCATED_IN|PART_OF|COOPERATES_WITH]->(x)
  RETURN a AS s, r, x AS o
  UNION
  MATCH (a)<-[r:PART_OF|COOPERATES_WITH]-(x)
  RETURN x AS s, r, a AS o
}
RETURN DISTINCT s.id AS source_id, labels(s)[0] AS source_label,
       coalesce(s.name, s.text) AS source, type(r) AS type,
       o.id AS target_id, labels(o)[0] AS target_label, coalesce(o.text, o.name) AS target,
       r.doc AS doc
ORDER BY type, source, target
LIMIT $limit
