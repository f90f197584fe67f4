-- What the public warehouse says about the build: every file loaded and every problem
-- found, but no row count or cell value of a case file the release protects.
create table pub.meta.build_info as select * from meta.build_info;

create table pub.meta.loads as
select * exclude (protected) replace (
    case when protected then null else rows_read end as rows_read,
    case when protected then null else rows_loaded end as rows_loaded,
    case when protected then null else rows_rejected end as rows_rejected,
    case when protected then null else message end as message
)
from (
    select *, family = 'cases'
        and coalesce(importer, '') not in (select importer from publisher_protection) as protected
    from meta.loads
);

create table pub.meta.problems as
select p.* replace (
    case when l.family = 'cases'
        and coalesce(l.importer, '') not in (select importer from publisher_protection)
        then null else p.value end as value
)
from meta.problems p
left join meta.loads l using (load_id);
