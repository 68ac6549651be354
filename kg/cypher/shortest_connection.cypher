// question: What is the shortest connection between two entities?
// param: from_name = 连云港市邮政管理局
// param: to_name = 连云港市工业和信息化局
// param: via_documents = false
// Paths of at most 8 hops, undirected. With via_documents = false, MENTIONED_IN and FROM
// (co-occurrence in a document) are not used, so the path goes through tasks, places and projects.
MATCH (a) WHERE a.name = $from_name AND NOT a:Task AND NOT a:Document
MATCH (b) WHERE b.name = $to_name AND NOT b:Task AND NOT b:Document AND a <> b
MATCH p = shortestPath((a)-[*..8]-(b))
WHERE $via_documents OR none(r IN relationships(p) WHERE type(r) IN ['MENTIONED_IN', 'FROM'])
RETURN length(p) AS hops,
       [n IN nodes(p) | labels(n)[0] + ':' + coalesce(n.name, n.text)] AS nodes,
       [r IN relationships(p) | type(r)] AS relationships,
       [r IN relationships(p) WHERE r.doc IS NOT NULL | r.doc] AS docs
ORDER BY hops
LIMIT 5
