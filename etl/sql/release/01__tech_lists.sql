-- Each technology list gets a key: a hash of its five columns, salted with the first $salt
-- that gives every list its own key (etl.release.prepare_input checks), so that grouping
-- records by the key is grouping them by the list, only cheaper.
create or replace temp table tech_lists as
select hash(recruitment_tech, advertising_tech, coordination_tech, control_tech, post_exit_tech, $salt)
    as tech_list, *
from tech_lists
