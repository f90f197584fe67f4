-- One value per State and item of two waves, with the item's columns.
select *, {value} as item_value
from wh.marts.{relation}
where list_contains($waves::varchar[], wave_id)
