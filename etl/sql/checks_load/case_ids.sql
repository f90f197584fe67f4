-- Case ids repeated within or across case files. Returns (load_id, row, case_id).
-- Records are grouped by a hash of their id first, which is cheaper than grouping the ids
-- themselves; only the few records whose hash repeats are then compared by id.
with repeated_hashes as (
    select hash(case_id) as h from raw.cases group by h having count(*) > 1
),
candidates as (
    select _load_id, _row, case_id from raw.cases
    where hash(case_id) in (select h from repeated_hashes)
)
select _load_id, _row, case_id
from candidates
where case_id in (select case_id from candidates group by case_id having count(*) > 1)
order by case_id, _load_id, _row
