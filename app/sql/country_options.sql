-- Countries worth offering: Council of Europe members, Convention Parties, and any country
-- with answers or published case counts, ordered by name.
select iso3 from wh.marts.countries
where coe_member or convention_party
   or iso3 in (select country_iso3 from wh.marts.challenge_severity)
   or iso3 in (select country_iso3 from wh.marts.training_gap)
   or iso3 in (select country_iso3 from wh.marts.case_counts)
order by name
