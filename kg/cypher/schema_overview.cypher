// question: What is in the graph: how many nodes per label and relationships per type?
MATCH (n)
UNWIND labels(n) AS name
RETURN 'node' AS kind, name, count(*) AS count
UNION ALL
MATCH ()-[r]->()
RETURN 'relationship' AS kind, type(r) AS name, count(*) AS count
