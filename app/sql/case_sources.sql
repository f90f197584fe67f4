-- Sources of case records, each with how it is protected; real data first.
select i.source, i.is_synthetic, i.protection, i.method, i.privacy_unit, i.rho, i.epsilon,
    i.delta, i.gdp_mu, i.exact_recovery_bound, i.max_draws, i.first_year, i.last_year,
    s.vintage
from wh.marts.release_info i
left join wh.marts.sources s on s.family = 'cases' and s.source = i.source
order by i.is_synthetic, i.source
