-- Case ids repeated within or across case files. Returns (load_id, row, case_id).
select _load_id, _row, case_id
from raw.cases
where case_id in (select case_id from raw.cases group by case_id having count(*) > 1)
order by case_id, _load_id, _row
