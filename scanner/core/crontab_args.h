// Celery's crontab() arguments in its positional order, which is also the unit order of mitol-django-common's
// crontab strings (`get_crontab_kwargs`: minute hour day_of_week day_of_month month_of_year). Header-only.
#ifndef EDGESCAN_CORE_CRONTAB_ARGS_H_
#define EDGESCAN_CORE_CRONTAB_ARGS_H_

namespace edgescan {

inline constexpr const char* kCrontabArgs[] = {"minute", "hour", "day_of_week", "day_of_month", "month_of_year"};

}  // namespace edgescan

#endif  // EDGESCAN_CORE_CRONTAB_ARGS_H_
