-- Countries that rated challenges or training in a wave, ordered by name.
select c.iso3 from wh.marts.countries c
where c.iso3 in (select country_iso3 from wh.marts.challenge_severity where wave_id = $wave)
   or c.iso3 in (select country_iso3 from wh.marts.training_gap where wave_id = $wave)
order by c.name
