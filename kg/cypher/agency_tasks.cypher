// question: Which tasks does an agency (or any actor) lead or support?
// param: agency = 连云港市商务局
// param: role = any
// param: limit = 200
// agency: canonical name or any alias; role: LEADS, SUPPORTS or any.
MATCH (a)-[r:LEADS|SUPPORTS]->(t:Task)
WHERE (a:Agency OR a:Enterprise OR a:Organization)
  AND (a.name = $agency OR $agency IN a.aliases)
  AND ($role = 'any' OR type(r) = $role)
RETURN a.name AS actor, type(r) AS role, t.text AS task, t.doc AS doc,
       t.section AS section, t.deadline AS deadline, t.start AS start, r.rule AS rule
ORDER BY doc, start, role
LIMIT $limit
