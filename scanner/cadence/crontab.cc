// Celery's crontab_parser, re-implemented for static reading (celery/schedules.py, Celery 5.x), and the human text.
// The parser follows Celery's regular expressions step by step, including its quirks (a weekday name is accepted in
// any field; "fri-mon" wraps around), so the cron we print is what Celery would run.
#include "cadence/crontab.h"

#include <cctype>
#include <cstdio>
#include <vector>

namespace edgescan::cadence {

namespace {

constexpr const char* kDayNames[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr const char* kDayPlurals[] = {"Sundays",   "Mondays", "Tuesdays", "Wednesdays",
                                       "Thursdays", "Fridays", "Saturdays"};
constexpr const char* kMonthNames[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr const char* kWeekdays[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

bool IsWord(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Python's int() on a string: optional surrounding whitespace and '+', digits with single underscores between them.
bool PythonInt(std::string_view s, long long* out) {
  size_t a = 0, b = s.size();
  while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) ++a;
  while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) --b;
  if (a < b && s[a] == '+') ++a;
  if (a == b) return false;
  long long v = 0;
  bool last_digit = false;
  for (size_t i = a; i < b; ++i) {
    char c = s[i];
    if (c == '_') {
      if (!last_digit || i + 1 == b) return false;
      last_digit = false;
      continue;
    }
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    if (v > 1000000000LL) return false;  // far beyond any field; avoids overflow
    v = v * 10 + (c - '0');
    last_digit = true;
  }
  *out = v;
  return true;
}

class Parser {
 public:
  explicit Parser(CronUnit unit) : min_(CronMin(unit)), max_(CronMax(unit)) {}

  bool Parse(std::string_view spec, std::set<int>* out, std::string* error) {
    size_t start = 0;
    int parts = 0;
    while (true) {
      if (++parts > 256) return Fail(error, "too many parts");
      size_t comma = spec.find(',', start);
      std::string_view part =
          spec.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
      if (part.empty()) return Fail(error, "empty part in \"" + std::string(spec) + "\"");
      std::vector<int> values;
      if (!Part(part, &values, error)) return false;
      out->insert(values.begin(), values.end());
      if (comma == std::string_view::npos) break;
      start = comma + 1;
    }
    return true;
  }

 private:
  static bool Fail(std::string* error, std::string message) {
    *error = std::move(message);
    return false;
  }

  bool Part(std::string_view part, std::vector<int>* out, std::string* error) {
    // (\w+?)-(\w+) at the start, optionally followed by /(\w+)?
    size_t dash = 0;
    while (dash < part.size() && IsWord(part[dash])) ++dash;
    if (dash > 0 && dash < part.size() && part[dash] == '-') {
      size_t end = dash + 1;
      while (end < part.size() && IsWord(part[end])) ++end;
      if (end > dash + 1) {
        std::string_view from = part.substr(0, dash), to = part.substr(dash + 1, end - dash - 1);
        if (end < part.size() && part[end] == '/') {
          size_t step_end = end + 1;
          while (step_end < part.size() && IsWord(part[step_end])) ++step_end;
          std::string_view step = part.substr(end + 1, step_end - end - 1);
          if (step.empty()) return Fail(error, "empty step in \"" + std::string(part) + "\"");
          std::vector<int> range;
          if (!Range(from, to, &range, error)) return false;
          return Steps(range, step, out, error);
        }
        return Range(from, to, out, error);
      }
    }
    // \*/(\w+)?
    if (part.size() >= 2 && part[0] == '*' && part[1] == '/') {
      size_t step_end = 2;
      while (step_end < part.size() && IsWord(part[step_end])) ++step_end;
      std::string_view step = part.substr(2, step_end - 2);
      if (step.empty()) return Fail(error, "empty step in \"" + std::string(part) + "\"");
      return Steps(Star(), step, out, error);
    }
    if (part == "*") {
      *out = Star();
      return true;
    }
    int v = 0;
    if (!Number(part, &v, error)) return false;
    out->push_back(v);
    return true;
  }

  std::vector<int> Star() const {
    std::vector<int> v;
    for (int i = min_; i <= max_; ++i) v.push_back(i);
    return v;
  }

  bool Range(std::string_view from, std::string_view to, std::vector<int>* out, std::string* error) {
    int a = 0, b = 0;
    if (!Number(from, &a, error) || !Number(to, &b, error)) return false;
    if (b < a) {  // wraps around the top, as Celery does: "fri-mon"
      for (int i = a; i <= max_; ++i) out->push_back(i);
      for (int i = min_; i <= b; ++i) out->push_back(i);
    } else {
      for (int i = a; i <= b; ++i) out->push_back(i);
    }
    return true;
  }

  static bool Steps(const std::vector<int>& values, std::string_view step, std::vector<int>* out, std::string* error) {
    long long n = 0;
    if (!PythonInt(step, &n)) return Fail(error, "step \"" + std::string(step) + "\" is not a number");
    if (n == 0) return Fail(error, "step 0");
    for (size_t i = 0; i < values.size(); i += static_cast<size_t>(n)) out->push_back(values[i]);
    return true;
  }

  bool Number(std::string_view s, int* out, std::string* error) {
    if (!s.empty() && s[0] == '-') return Fail(error, "negative numbers are not supported");
    long long v = 0;
    if (!PythonInt(s, &v)) {
      std::string abbr;
      for (size_t i = 0; i < s.size() && i < 3; ++i) {
        abbr.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(s[i]))));
      }
      bool found = false;
      for (int d = 0; d < 7; ++d) {
        if (abbr == kWeekdays[d]) {
          v = d;
          found = true;
        }
      }
      if (!found) return Fail(error, "invalid weekday literal \"" + std::string(s) + "\"");
    }
    if (v > max_) return Fail(error, std::to_string(v) + " > " + std::to_string(max_));
    if (v < min_) return Fail(error, std::to_string(v) + " < " + std::to_string(min_));
    *out = static_cast<int>(v);
    return true;
  }

  int min_, max_;
};

bool All(const std::set<int>& s, CronUnit unit) {
  return static_cast<int>(s.size()) == CronMax(unit) - CronMin(unit) + 1;
}

// n >= 2 when the set is exactly "*/n" (every n-th value from the unit's minimum); 1 when it is "*"; 0 otherwise.
int StarStep(const std::set<int>& s, CronUnit unit) {
  if (All(s, unit)) return 1;
  if (s.size() < 2 || *s.begin() != CronMin(unit)) return 0;
  int step = *std::next(s.begin()) - *s.begin();
  int expect = CronMin(unit);
  for (int v : s) {
    if (v != expect) return 0;
    expect += step;
  }
  return expect > CronMax(unit) ? step : 0;
}

bool Contiguous(const std::set<int>& s) {
  return !s.empty() && *s.rbegin() - *s.begin() + 1 == static_cast<int>(s.size());
}

std::string Clock(int hour, int minute) {
  char buf[16];
  snprintf(buf, sizeof buf, "%02d:%02d", hour, minute);
  return buf;
}

std::string Join(const std::vector<std::string>& parts, const char* sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += sep;
    out += parts[i];
  }
  return out;
}

// The time-of-day half of the text.
struct TimeText {
  enum Kind { kNone, kRecurring, kAt, kTimes, kWindow } kind = kNone;
  std::string text;
};

TimeText DescribeTime(const Crontab& c) {
  const std::set<int>& m = c.minute;
  const std::set<int>& h = c.hour;
  int mstep = StarStep(m, CronUnit::kMinute);
  int hstep = StarStep(h, CronUnit::kHour);
  auto every_min = [](int step) {
    return step == 1 ? std::string("every minute") : "every " + std::to_string(step) + " min";
  };
  char mm[8];
  snprintf(mm, sizeof mm, ":%02d", *m.begin());
  if (mstep >= 1 && hstep == 1) return {TimeText::kRecurring, every_min(mstep)};
  if (m.size() == 1 && hstep == 1) return {TimeText::kRecurring, std::string("hourly at ") + mm};
  if (m.size() == 1 && hstep > 1) {
    return {TimeText::kRecurring,
            "every " + std::to_string(hstep) + "h" + (*m.begin() != 0 ? std::string(" at ") + mm : "")};
  }
  if (m.size() == 1 && h.size() == 1) return {TimeText::kAt, Clock(*h.begin(), *m.begin())};
  if (mstep >= 1 && h.size() == 1) {
    return {TimeText::kWindow,
            Clock(*h.begin(), *m.begin()) + "\u2013" + Clock(*h.begin(), *m.rbegin()) + " " + every_min(mstep)};
  }
  if (m.size() * h.size() <= 4) {
    std::vector<std::string> times;
    for (int hour : h) {
      for (int minute : m) times.push_back(Clock(hour, minute));
    }
    return {TimeText::kTimes, Join(times, ", ")};
  }
  if (m.size() == 1 && Contiguous(h)) {
    return {TimeText::kWindow, Clock(*h.begin(), *m.begin()) + "\u2013" + Clock(*h.rbegin(), *m.begin()) + " hourly"};
  }
  if (mstep >= 1 && Contiguous(h)) {
    return {TimeText::kWindow,
            Clock(*h.begin(), *m.begin()) + "\u2013" + Clock(*h.rbegin(), *m.rbegin()) + " " + every_min(mstep)};
  }
  return {};
}

}  // namespace

int CronMin(CronUnit unit) { return unit == CronUnit::kDayOfMonth || unit == CronUnit::kMonthOfYear ? 1 : 0; }

int CronMax(CronUnit unit) {
  switch (unit) {
    case CronUnit::kMinute:
      return 59;
    case CronUnit::kHour:
      return 23;
    case CronUnit::kDayOfWeek:
      return 6;
    case CronUnit::kDayOfMonth:
      return 31;
    case CronUnit::kMonthOfYear:
      return 12;
  }
  return 0;
}

const char* CronUnitName(CronUnit unit) {
  switch (unit) {
    case CronUnit::kMinute:
      return "minute";
    case CronUnit::kHour:
      return "hour";
    case CronUnit::kDayOfWeek:
      return "day_of_week";
    case CronUnit::kDayOfMonth:
      return "day_of_month";
    case CronUnit::kMonthOfYear:
      return "month_of_year";
  }
  return "";
}

Crontab Crontab::Every() {
  Crontab c;
  auto fill = [](std::set<int>* s, CronUnit u) {
    for (int i = CronMin(u); i <= CronMax(u); ++i) s->insert(i);
  };
  fill(&c.minute, CronUnit::kMinute);
  fill(&c.hour, CronUnit::kHour);
  fill(&c.day_of_week, CronUnit::kDayOfWeek);
  fill(&c.day_of_month, CronUnit::kDayOfMonth);
  fill(&c.month_of_year, CronUnit::kMonthOfYear);
  return c;
}

bool ParseCronString(std::string_view spec, CronUnit unit, std::set<int>* out, std::string* error) {
  out->clear();
  Parser p(unit);
  if (!p.Parse(spec, out, error)) {
    out->clear();
    return false;
  }
  return true;
}

bool CheckCronSet(const std::set<int>& values, CronUnit unit, std::string* error) {
  if (values.empty()) {
    *error = "empty set (the entry would never run)";
    return false;
  }
  for (int v : values) {
    if (v < CronMin(unit) || v > CronMax(unit)) {
      *error = std::to_string(v) + " is outside " + std::to_string(CronMin(unit)) + "-" + std::to_string(CronMax(unit));
      return false;
    }
  }
  return true;
}

std::string CronField(const std::set<int>& s, CronUnit unit) {
  if (s.empty()) return "";
  int star = StarStep(s, unit);
  if (star == 1) return "*";
  // "*/n" where it reads as a cadence (0,30 -> */30); two values that do not split the unit evenly stay a list
  // (day_of_week 0,6 is the weekend, not "*/6").
  int span = CronMax(unit) - CronMin(unit) + 1;
  if (star > 1 && (s.size() >= 3 || star * 2 == span)) return "*/" + std::to_string(star);
  std::vector<int> v(s.begin(), s.end());
  if (v.size() >= 3) {
    int step = v[1] - v[0];
    bool progression = step > 1;
    for (size_t i = 1; progression && i < v.size(); ++i) progression = v[i] - v[i - 1] == step;
    if (progression) return std::to_string(v.front()) + "-" + std::to_string(v.back()) + "/" + std::to_string(step);
  }
  std::vector<std::string> parts;
  for (size_t i = 0; i < v.size();) {
    size_t j = i;
    while (j + 1 < v.size() && v[j + 1] == v[j] + 1) ++j;
    if (j - i >= 2) {
      parts.push_back(std::to_string(v[i]) + "-" + std::to_string(v[j]));
    } else {
      for (size_t k = i; k <= j; ++k) parts.push_back(std::to_string(v[k]));
    }
    i = j + 1;
  }
  return Join(parts, ",");
}

std::string CronExpression(const Crontab& c) {
  return CronField(c.minute, CronUnit::kMinute) + " " + CronField(c.hour, CronUnit::kHour) + " " +
         CronField(c.day_of_month, CronUnit::kDayOfMonth) + " " + CronField(c.month_of_year, CronUnit::kMonthOfYear) +
         " " + CronField(c.day_of_week, CronUnit::kDayOfWeek);
}

bool DependsOnTimeZone(const Crontab& c) {
  return !All(c.hour, CronUnit::kHour) || !All(c.day_of_week, CronUnit::kDayOfWeek) ||
         !All(c.day_of_month, CronUnit::kDayOfMonth) || !All(c.month_of_year, CronUnit::kMonthOfYear);
}

std::string DescribeCrontab(const Crontab& c, std::string_view timezone) {
  std::string tz = !timezone.empty() && DependsOnTimeZone(c) ? " " + std::string(timezone) : "";
  std::string fallback = "cron " + CronExpression(c) + tz;
  if (c.minute.empty() || c.hour.empty() || c.day_of_week.empty() || c.day_of_month.empty() ||
      c.month_of_year.empty()) {
    return fallback;
  }
  TimeText t = DescribeTime(c);
  if (t.kind == TimeText::kNone) return fallback;
  bool dow_all = All(c.day_of_week, CronUnit::kDayOfWeek);
  bool dom_all = All(c.day_of_month, CronUnit::kDayOfMonth);
  std::string text;
  if (dow_all && dom_all) {
    text = t.kind == TimeText::kRecurring ? t.text : "daily " + t.text;
  } else if (!dow_all && dom_all) {
    const std::set<int>& w = c.day_of_week;
    if (w.size() == 1) {
      int d = *w.begin();
      if (t.kind == TimeText::kAt || t.kind == TimeText::kTimes) {
        text = std::string("weekly ") + kDayNames[d] + " " + t.text;
      } else {
        text = std::string(kDayPlurals[d]) + " " + t.text;
      }
    } else {
      std::string days;
      if (w == std::set<int>{1, 2, 3, 4, 5}) {
        days = "weekdays";
      } else if (w == std::set<int>{0, 6}) {
        days = "weekends";
      } else {
        std::vector<std::string> names;
        for (int d : w) names.push_back(kDayNames[d]);
        days = Join(names, ", ");
      }
      text = days + " " + t.text;
    }
  } else if (dow_all && !dom_all) {
    const std::set<int>& d = c.day_of_month;
    std::string days = d.size() == 1 ? "monthly on day " + std::to_string(*d.begin())
                                     : "monthly on days " + CronField(d, CronUnit::kDayOfMonth);
    bool at = t.kind == TimeText::kAt || t.kind == TimeText::kTimes;
    text = days + (at ? " at " : " ") + t.text;
  } else {
    return fallback;  // Celery ANDs day_of_month and day_of_week: no short reading
  }
  text += tz;
  if (!All(c.month_of_year, CronUnit::kMonthOfYear)) {
    std::vector<std::string> names;
    for (int m : c.month_of_year) names.push_back(kMonthNames[m - 1]);
    text += " in " + Join(names, ", ");
  }
  return text;
}

std::string DescribeDuration(long long s) {
  auto unit = [](long long n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
  };
  if (s > 0 && s % 604800 == 0) return unit(s / 604800, "week", "weeks");
  if (s > 0 && s % 86400 == 0) return unit(s / 86400, "day", "days");
  if (s > 0 && s % 3600 == 0) return std::to_string(s / 3600) + "h";
  if (s > 0 && s % 60 == 0) return std::to_string(s / 60) + " min";
  return std::to_string(s) + " s";
}

std::string DescribeInterval(long long seconds) { return "every " + DescribeDuration(seconds); }

}  // namespace edgescan::cadence
