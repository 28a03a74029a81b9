META
key;value
description;Example 2 (more complicated) of Explanation of the Method of Equal Shares at https://equalshares.net/explanation (source github.com/equalshares/equalshares.net docs/explanation.mdx). Published outcome of the Method of Equal Shares without completion: outdoor gym, new park and new playground (the selected column), 850 of the 1100 spent
country;Not applicable (worked example)
unit;equalshares.net
instance;explanation-example-2
num_projects;5
num_votes;11
budget;1100
vote_type;approval
rule;equalshares
PROJECTS
project_id;cost;votes;name;selected
1;700;6;bike path;0
2;400;7;outdoor gym;1
3;250;5;new park;1
4;200;4;new playground;1
5;100;3;library for kids;0
VOTES
voter_id;vote
1;1,2
2;1,2,3
3;1,2
4;1,2,3
5;1,2,3
6;1,2
7;3,4,5
8;4
9;4,5
10;3,4,5
11;2
