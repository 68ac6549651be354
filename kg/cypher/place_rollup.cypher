// question: Which projects and enterprises are in a place, including its sub-divisions (rolled up through PART_OF)?
// param: place = 连云港市
// param: limit = 200
// An entity is "in" a place when it is LOCATED_IN it or when a task INVOLVES both the entity
// and the place; sub-divisions are found through PART_OF*.
MATCH (root:Place)
WHERE root.name = $place OR $place IN root.aliases
MATCH path = (sub:Place)-[:PART_OF*0..6]->(root)
WITH DISTINCT root, sub, [p IN reverse(nodes(path)) | p.name] AS place_path
CALL (sub) {
  MATCH (x)-[:LOCATED_IN]->(sub)
  WHERE x:Project OR x:Enterprise
  RETURN x, 'LOCATED_IN' AS evidence
  UNION
  MATCH (sub)<-[:INVOLVES]-(:Task)-[:INVOLVES]->(x)
  WHERE x:Project OR x:Enterprise
  RETURN x, 'task INVOLVES' AS evidence
}
WITH x, labels(x)[0] AS kind, collect(DISTINCT sub.name) AS places,
     collect(DISTINCT evidence) AS evidence, min(size(place_path)) AS depth
RETURN kind, x.name AS name, places, evidence, depth - 1 AS levels_below
ORDER BY kind, levels_below, name
LIMIT $limit
