// Schedule expressions -> Cadence (issue 5). Celery accepts a crontab, a solar, a schedule (or subclass) object, a
// timedelta or a number of seconds as an entry's `schedule`; each is read here from the syntax model plus static
// values, and anything else is reported as unknown rather than guessed.
#include "cadence/cadence.h"

#include <algorithm>
#include <cmath>

#include "cadence/crontab.h"
#include "core/crontab_args.h"
#include "core/split.h"
#include "cadence/expr_source.h"

namespace edgescan::cadence {

using facts::Expr;
using facts::ExprKind;
using resolve::Origin;
using resolve::Scope;
using resolve::Value;

namespace {

constexpr int kMaxDepth = 12;           // names followed to reach the schedule's definition
constexpr int kMaxAlternatives = 8;     // conditional values kept per argument
constexpr long long kMaxRange = 1000;   // values expanded from one range()
constexpr double kMaxSeconds = 3.2e10;  // about a thousand years: beyond it an "interval" is a bug, not a cadence

// One reading of a schedule expression.
struct Reading {
  enum Kind { kUnknown, kCron, kInterval, kSolar, kChoice } kind = kUnknown;
  Crontab cron;
  long long seconds = 0;
  std::string extra;           // kInterval: ", offset 15 min"
  std::string text;            // kSolar / kChoice: the finished text
  bool uses_timezone = false;  // kChoice: one branch is a crontab
  std::string problem;         // kUnknown
};

Reading Unknown(std::string problem) {
  Reading r;
  r.problem = std::move(problem);
  return r;
}

std::string LastComponent(const std::string& q) {
  size_t dot = q.rfind('.');
  return dot == std::string::npos ? q : q.substr(dot + 1);
}

std::string FormatNumber(double d) {
  if (std::floor(d) == d && std::fabs(d) < 1e15) return std::to_string(static_cast<long long>(d));
  char buf[32];
  snprintf(buf, sizeof buf, "%.10g", d);
  return buf;
}

// An expression found by following a name, and where to evaluate it.
struct Bound {
  const Expr* expr = nullptr;
  Scope scope;
};

// The unit each of crontab()'s arguments (core/crontab_args.h, in Celery's positional order) holds.
constexpr CronUnit kCrontabUnits[] = {CronUnit::kMinute, CronUnit::kHour, CronUnit::kDayOfWeek, CronUnit::kDayOfMonth,
                                      CronUnit::kMonthOfYear};

class Reader {
 public:
  Reader(const resolve::RepoIndex& index, const std::optional<std::string>& timezone)
      : ix_(index), tz_(timezone.value_or("")) {}

  Reading Read(const Expr& e, const Scope& s, int depth) {
    if (depth > kMaxDepth) return Unknown("the schedule is defined through too many names");
    switch (e.kind) {
      case ExprKind::kCall:
        return Call(e, s, depth);
      case ExprKind::kName:
      case ExprKind::kAttribute: {
        Bound b;
        if (Deref(e, s, &b)) return Read(*b.expr, b.scope, depth + 1);
        return Seconds(e, s);
      }
      case ExprKind::kConditional:
        if (e.children.size() != 3) return Unknown("malformed conditional");
        return Choice(Read(e.children[0], s, depth + 1), Read(e.children[2], s, depth + 1));
      default:
        return Seconds(e, s);
    }
  }

  std::string Text(const Reading& r) const {
    switch (r.kind) {
      case Reading::kCron:
        return DescribeCrontab(r.cron, tz_);
      case Reading::kInterval:
        return DescribeInterval(r.seconds) + r.extra;
      case Reading::kSolar:
      case Reading::kChoice:
        return r.text;
      case Reading::kUnknown:
        break;
    }
    return "unknown";
  }

  const std::vector<Origin>& env() const { return env_; }
  const std::string& timezone() const { return tz_; }

 private:
  // ---- following names ----

  bool Deref(const Expr& e, const Scope& s, Bound* out) { return FollowName(e, s, ix_, &out->expr, &out->scope); }

  // ---- environment variables behind a value ----

  void CollectEnv(const Expr& e, const Scope& s) {
    facts::ForEachExpr(e, [&](const Expr& sub) {
      if (sub.kind != ExprKind::kName && sub.kind != ExprKind::kAttribute && sub.kind != ExprKind::kCall) return;
      for (const Value& v : ix_.EvaluateAll(sub, s)) AddEnv(v);
    });
  }

  void AddEnv(const Value& v) {
    for (const Origin& o : v.origins) {
      if (o.kind != Origin::Kind::kEnv) continue;
      bool seen = false;
      for (const Origin& have : env_) seen |= have.name == o.name;
      if (!seen) env_.push_back(o);
    }
  }

  static std::string WhyUnknown(const Value& v, const Expr& e) {
    for (const Origin& o : v.origins) {
      if (o.kind == Origin::Kind::kEnv && !v.known) {
        return "`" + ExprSource(e) + "` is read from environment variable " + o.name.substr(4) +
               " with no default in code";
      }
    }
    return "cannot evaluate `" + ExprSource(e) + "`";
  }

  // Every number an expression may be (conditional values give several).
  bool Numbers(const Expr& e, const Scope& s, std::vector<double>* out, std::string* problem) {
    CollectEnv(e, s);
    for (const Value& v : ix_.EvaluateAll(e, s)) {
      double d = 0;
      if (v.kind == Value::Kind::kNumber && v.known) {
        d = v.integral ? static_cast<double>(v.integer) : v.number;
      } else if (v.kind == Value::Kind::kBool && v.known) {
        d = v.boolean ? 1 : 0;
      } else {
        *problem = WhyUnknown(v, e);
        return false;
      }
      if (std::find(out->begin(), out->end(), d) == out->end()) out->push_back(d);
      if (static_cast<int>(out->size()) >= kMaxAlternatives) break;
    }
    if (out->empty()) {
      *problem = "cannot evaluate `" + ExprSource(e) + "`";
      return false;
    }
    return true;
  }

  // ---- intervals ----

  static Reading Interval(double seconds) {
    if (!(seconds > 0)) return Unknown("the interval is not positive (" + FormatNumber(seconds) + " s)");
    if (!(seconds < kMaxSeconds)) return Unknown("the interval is over a thousand years");
    Reading r;
    r.kind = Reading::kInterval;
    r.seconds = std::llround(seconds);
    if (r.seconds == 0) return Unknown("the interval is under half a second");
    return r;
  }

  Reading Seconds(const Expr& e, const Scope& s) {
    std::vector<double> values;
    std::string problem;
    if (!Numbers(e, s, &values, &problem)) return Unknown(problem);
    Reading r = Interval(values[0]);
    for (size_t i = 1; i < values.size(); ++i) r = Choice(r, Interval(values[i]));
    return r;
  }

  bool IsTimedelta(const Expr& call, const Scope& s) {
    return call.kind == ExprKind::kCall && ix_.QualifiedName(*call.callee(), s) == "datetime.timedelta";
  }

  // timedelta(days, seconds, microseconds, milliseconds, minutes, hours, weeks): total seconds, per alternative.
  bool Timedelta(const Expr& call, const Scope& s, std::vector<double>* out, std::string* problem) {
    static const char* const kNames[] = {"days",    "seconds", "microseconds", "milliseconds",
                                         "minutes", "hours",   "weeks"};
    static const double kFactors[] = {86400, 1, 1e-6, 1e-3, 60, 3600, 604800};
    if (call.has_starred_args()) {
      *problem = "`" + ExprSource(call) + "` passes *args/**kwargs";
      return false;
    }
    std::vector<double> totals{0};
    for (int i = 0; i < 7; ++i) {
      const Expr* a = call.arg(i, kNames[i]);
      if (a == nullptr) continue;
      std::vector<double> values;
      if (!Numbers(*a, s, &values, problem)) return false;
      std::vector<double> next;
      for (double t : totals) {
        for (double v : values) {
          double sum = t + v * kFactors[i];
          if (std::find(next.begin(), next.end(), sum) == next.end() &&
              static_cast<int>(next.size()) < kMaxAlternatives) {
            next.push_back(sum);
          }
        }
      }
      totals = std::move(next);
    }
    *out = std::move(totals);
    return true;
  }

  // A duration argument: a timedelta (directly or through a name) or a number of seconds.
  bool Duration(const Expr& e, const Scope& s, std::vector<double>* out, std::string* problem, int depth) {
    if (IsTimedelta(e, s)) return Timedelta(e, s, out, problem);
    Bound b;
    if ((e.kind == ExprKind::kName || e.kind == ExprKind::kAttribute) && depth < kMaxDepth && Deref(e, s, &b)) {
      return Duration(*b.expr, b.scope, out, problem, depth + 1);
    }
    return Numbers(e, s, out, problem);
  }

  // ---- calls ----

  bool DerivesFrom(const std::string& class_q, std::initializer_list<const char*> bases) {
    std::vector<std::string> todo{class_q};
    std::set<std::string> seen;
    while (!todo.empty() && seen.size() < 32) {
      std::string q = todo.back();
      todo.pop_back();
      if (!seen.insert(q).second) continue;
      for (const char* b : bases) {
        if (q == b) return true;
      }
      if (const facts::Class* c = ix_.FindClass(q)) {
        for (const std::string& base : ix_.BaseNames(*c)) todo.push_back(base);
      }
    }
    return false;
  }

  Reading Call(const Expr& e, const Scope& s, int depth) {
    std::string q = ix_.QualifiedName(*e.callee(), s);
    std::string last = LastComponent(q);
    bool internal = ix_.FindFunction(q) != nullptr || ix_.FindClass(q) != nullptr;
    if (!internal && last == "crontab") return ReadCrontab(e, s);
    if (q.size() > 19 && q.compare(q.size() - 19, 19, "crontab.from_string") == 0) return FromString(e, s);
    if (q == "datetime.timedelta") {
      std::vector<double> values;
      std::string problem;
      if (!Timedelta(e, s, &values, &problem)) return Unknown(problem);
      Reading r = Interval(values[0]);
      for (size_t i = 1; i < values.size(); ++i) r = Choice(r, Interval(values[i]));
      return r;
    }
    if (!internal && last == "solar" && q.rfind("celery", 0) == 0) return Solar(e, s);
    if (q == "celery.schedules.schedule" || q == "celery.task.schedules.schedule") return RunEvery(e, s, depth, q);
    if (ix_.FindClass(q) != nullptr) {
      if (DerivesFrom(q, {"celery.schedules.crontab"}) && ix_.FindMethod(q, "__init__") == nullptr) {
        return ReadCrontab(e, s);
      }
      if (DerivesFrom(q, {"celery.schedules.schedule", "celery.schedules.BaseSchedule"})) {
        return RunEvery(e, s, depth, q);
      }
      return Unknown("`" + ExprSource(e) + "` is not a Celery schedule class");
    }
    // Env getters, int(...), helper functions returning a number.
    return Seconds(e, s);
  }

  // schedule(run_every=...) and subclasses: the interval, with other duration arguments named in the text.
  Reading RunEvery(const Expr& e, const Scope& s, int depth, const std::string& q) {
    const Expr* run_every = e.arg(0, "run_every");
    if (run_every == nullptr) {
      return Unknown("`" + ExprSource(e) + "` passes no run_every: " + LastComponent(q) +
                     " decides its cadence at run time");
    }
    Reading r = Read(*run_every, s, depth + 1);
    if (r.kind != Reading::kInterval) return r;
    for (size_t i = 1; i < e.children.size(); ++i) {
      const Expr& k = e.children[i];
      if (k.kind != ExprKind::kKeyword || k.children.empty() || k.text == "run_every" || k.text == "relative" ||
          k.text == "nowfun" || k.text == "app") {
        continue;
      }
      std::vector<double> values;
      std::string problem;
      if (!Duration(k.children[0], s, &values, &problem, depth + 1)) {
        r.extra += ", " + k.text + " unknown";
        continue;
      }
      bool any = false;
      std::vector<std::string> parts;
      for (double v : values) {
        if (!(std::fabs(v) < kMaxSeconds)) continue;  // NaN, infinite or absurd: say nothing rather than overflow
        any |= v != 0;
        parts.push_back(DescribeDuration(std::llround(v)));
      }
      if (!any) continue;
      std::string joined;
      for (size_t p = 0; p < parts.size(); ++p) joined += (p > 0 ? " or " : "") + parts[p];
      r.extra += ", " + k.text + " " + joined;
    }
    return r;
  }

  // One crontab argument -> its set of values (ints, strings, iterables of ints, range()).
  bool Field(const Expr& arg, const Scope& s, CronUnit unit, std::set<int>* out, std::string* problem) {
    const Expr* x = &arg;
    Scope xs = s;
    // Literal containers and range() are not values evaluation keeps: follow names to them.
    for (int hops = 0; hops < kMaxDepth && (x->kind == ExprKind::kName || x->kind == ExprKind::kAttribute); ++hops) {
      Bound b;
      if (!Deref(*x, xs, &b)) break;
      ExprKind k = b.expr->kind;
      if (k != ExprKind::kList && k != ExprKind::kTuple && k != ExprKind::kSet && k != ExprKind::kCall &&
          k != ExprKind::kName && k != ExprKind::kAttribute) {
        break;
      }
      if (k == ExprKind::kCall && ix_.QualifiedName(*b.expr->callee(), b.scope) != "range") break;
      x = b.expr;
      xs = b.scope;
    }
    if (x->kind == ExprKind::kCall && ix_.QualifiedName(*x->callee(), xs) == "range") {
      std::vector<long long> bounds;
      for (const Expr* p : x->positional()) {
        Value v = ix_.Evaluate(*p, xs);
        if (!v.is_int()) {
          *problem = "cannot evaluate `" + ExprSource(*p) + "`";
          return false;
        }
        bounds.push_back(v.integer);
      }
      if (bounds.empty() || bounds.size() > 3 || x->has_starred_args()) {
        *problem = "cannot read `" + ExprSource(*x) + "`";
        return false;
      }
      long long start = bounds.size() == 1 ? 0 : bounds[0];
      long long stop = bounds.size() == 1 ? bounds[0] : bounds[1];
      long long step = bounds.size() == 3 ? bounds[2] : 1;
      if (step == 0) {
        *problem = "range() step 0";
        return false;
      }
      for (long long b : bounds) {
        if (b < -kMaxRange || b > kMaxRange) {
          *problem = "`" + ExprSource(*x) + "` goes outside " + std::to_string(CronMin(unit)) + "-" +
                     std::to_string(CronMax(unit));
          return false;
        }
      }
      long long n = 0;
      for (long long i = start; (step > 0 ? i < stop : i > stop) && n < kMaxRange; i += step, ++n) {
        out->insert(static_cast<int>(std::clamp<long long>(i, -1, 1000)));
      }
      return CheckCronSet(*out, unit, problem);
    }
    if (x->kind == ExprKind::kList || x->kind == ExprKind::kTuple || x->kind == ExprKind::kSet) {
      for (const Expr& item : x->children) {
        Value v = ix_.Evaluate(item, xs);
        CollectEnv(item, xs);
        if (item.kind == ExprKind::kStarred || !v.is_int()) {
          *problem = "cannot evaluate `" + ExprSource(item) + "`";
          return false;
        }
        out->insert(static_cast<int>(std::clamp<long long>(v.integer, -1, 1000)));
      }
      return CheckCronSet(*out, unit, problem);
    }
    CollectEnv(*x, xs);
    std::vector<std::set<int>> alternatives;
    for (const Value& v : ix_.EvaluateAll(*x, xs)) {
      std::set<int> set;
      if (v.kind == Value::Kind::kNumber && v.known && v.integral) {
        set.insert(static_cast<int>(std::clamp<long long>(v.integer, -1, 1000)));
        if (!CheckCronSet(set, unit, problem)) return false;
      } else if (v.kind == Value::Kind::kBool && v.known) {
        set.insert(v.boolean ? 1 : 0);
        if (!CheckCronSet(set, unit, problem)) return false;
      } else if (v.kind == Value::Kind::kString && v.known) {
        if (!ParseCronString(v.text, unit, &set, problem)) return false;
      } else if (v.kind == Value::Kind::kList && v.known) {
        for (const Value& item : v.items) {
          if (!item.is_int()) {
            *problem = "cannot evaluate every element of `" + ExprSource(*x) + "`";
            return false;
          }
          set.insert(static_cast<int>(std::clamp<long long>(item.integer, -1, 1000)));
        }
        if (!CheckCronSet(set, unit, problem)) return false;
      } else if (v.kind == Value::Kind::kNone && v.known) {
        *problem = "`" + ExprSource(*x) + "` is None (Celery raises TypeError)";
        return false;
      } else if (v.kind == Value::Kind::kNumber && v.known) {
        *problem = "`" + ExprSource(*x) + "` is not an integer";
        return false;
      } else {
        *problem = WhyUnknown(v, *x);
        return false;
      }
      if (std::find(alternatives.begin(), alternatives.end(), set) == alternatives.end()) {
        alternatives.push_back(set);
      }
    }
    if (alternatives.empty()) {
      *problem = "cannot evaluate `" + ExprSource(*x) + "`";
      return false;
    }
    if (alternatives.size() > 1) {
      *problem = "`" + ExprSource(*x) + "` depends on a condition (" + CronField(alternatives[0], unit) + " or " +
                 CronField(alternatives[1], unit) + ")";
      return false;
    }
    *out = alternatives[0];
    return true;
  }

  Reading ReadCrontab(const Expr& e, const Scope& s) {
    const auto& kNames = kCrontabArgs;
    const auto& kUnits = kCrontabUnits;
    // crontab(**kwargs) alone, with a dict known statically (mitol's get_crontab_kwargs default, a dict literal).
    if (e.children.size() == 2 && e.children[1].kind == ExprKind::kDoubleStarred && !e.children[1].children.empty()) {
      return CrontabFromDict(e, e.children[1].children[0], s);
    }
    if (e.has_starred_args()) return Unknown("`" + ExprSource(e) + "` passes *args/**kwargs");
    Reading r;
    r.kind = Reading::kCron;
    r.cron = Crontab::Every();
    std::set<int>* fields[] = {&r.cron.minute, &r.cron.hour, &r.cron.day_of_week, &r.cron.day_of_month,
                               &r.cron.month_of_year};
    for (int i = 0; i < 5; ++i) {
      const Expr* a = e.arg(i, kNames[i]);
      if (a == nullptr) continue;
      std::set<int> set;
      std::string problem;
      if (!Field(*a, s, kUnits[i], &set, &problem))
        return Unknown(std::string("crontab ") + kNames[i] + ": " + problem);
      *fields[i] = std::move(set);
    }
    return r;
  }

  Reading CrontabFromDict(const Expr& e, const Expr& spread, const Scope& s) {
    const auto& kNames = kCrontabArgs;
    const auto& kUnits = kCrontabUnits;
    CollectEnv(spread, s);
    Value d = ix_.Evaluate(spread, s);
    if (d.kind != Value::Kind::kDict) return Unknown("`" + ExprSource(e) + "` passes **kwargs not known statically");
    Reading r;
    r.kind = Reading::kCron;
    r.cron = Crontab::Every();
    std::set<int>* fields[] = {&r.cron.minute, &r.cron.hour, &r.cron.day_of_week, &r.cron.day_of_month,
                               &r.cron.month_of_year};
    for (const resolve::ValueEntry& entry : d.entries) {
      if (entry.first.kind != Value::Kind::kString || !entry.first.known) {
        return Unknown("`" + ExprSource(e) + "` passes **kwargs with a key not known statically");
      }
      int i = 0;
      while (i < 5 && entry.first.text != kNames[i]) ++i;
      if (i == 5) return Unknown("crontab has no argument `" + entry.first.text + "`");
      std::set<int> set;
      std::string problem;
      const Value& v = entry.second;
      if (v.kind == Value::Kind::kString && v.known) {
        if (!ParseCronString(v.text, kUnits[i], &set, &problem)) {
          return Unknown(std::string("crontab ") + kNames[i] + ": " + problem);
        }
      } else if (v.is_int()) {
        set.insert(static_cast<int>(std::clamp<long long>(v.integer, -1, 1000)));
        if (!CheckCronSet(set, kUnits[i], &problem)) return Unknown(std::string("crontab ") + kNames[i] + ": " + problem);
      } else {
        return Unknown(std::string("crontab ") + kNames[i] + ": not known statically");
      }
      *fields[i] = std::move(set);
    }
    return r;
  }

  Reading FromString(const Expr& e, const Scope& s) {
    const Expr* a = e.arg(0, "crontab");
    if (a == nullptr) return Unknown("`" + ExprSource(e) + "` has no argument");
    CollectEnv(*a, s);
    Value v = ix_.Evaluate(*a, s);
    if (v.kind != Value::Kind::kString || !v.known) return Unknown(WhyUnknown(v, *a));
    std::vector<std::string> parts = SplitAt(v.text, ' ');
    if (parts.size() != 5) return Unknown("crontab.from_string needs 5 fields separated by single spaces");
    // from_string's order is cron's: minute hour day_of_month month_of_year day_of_week.
    Reading r;
    r.kind = Reading::kCron;
    const CronUnit units[] = {CronUnit::kMinute, CronUnit::kHour, CronUnit::kDayOfMonth, CronUnit::kMonthOfYear,
                              CronUnit::kDayOfWeek};
    std::set<int>* fields[] = {&r.cron.minute, &r.cron.hour, &r.cron.day_of_month, &r.cron.month_of_year,
                               &r.cron.day_of_week};
    for (int i = 0; i < 5; ++i) {
      std::string problem;
      if (!ParseCronString(parts[i], units[i], fields[i], &problem)) {
        return Unknown(std::string("crontab ") + CronUnitName(units[i]) + ": " + problem);
      }
    }
    return r;
  }

  Reading Solar(const Expr& e, const Scope& s) {
    static const char* const kEvents[] = {"dawn_astronomical", "dawn_nautical", "dawn_civil",
                                          "sunrise",           "solar_noon",    "sunset",
                                          "dusk_civil",        "dusk_nautical", "dusk_astronomical"};
    const Expr* event = e.arg(0, "event");
    const Expr* lat = e.arg(1, "lat");
    const Expr* lon = e.arg(2, "lon");
    if (event == nullptr || lat == nullptr || lon == nullptr) return Unknown("`" + ExprSource(e) + "` is incomplete");
    Value ev = ix_.Evaluate(*event, s);
    bool valid = false;
    for (const char* k : kEvents) valid |= ev.known && ev.text == k;
    if (ev.kind != Value::Kind::kString || !valid) return Unknown("solar event `" + ExprSource(*event) + "` unknown");
    std::string la, lo, problem;
    if (!Coordinate(*lat, s, &la, &problem) || !Coordinate(*lon, s, &lo, &problem)) return Unknown(problem);
    std::string name = ev.text;
    std::replace(name.begin(), name.end(), '_', ' ');
    Reading r;
    r.kind = Reading::kSolar;
    r.text = "at " + name + " (lat " + la + ", lon " + lo + ")";
    return r;
  }

  // A latitude / longitude as written (-37.81753), or evaluated when it is a name.
  bool Coordinate(const Expr& e, const Scope& s, std::string* out, std::string* problem) {
    if (e.kind == ExprKind::kNumber) {
      *out = e.text;
      return true;
    }
    if (e.kind == ExprKind::kUnaryOp && e.text == "-" && e.children.size() == 1 &&
        e.children[0].kind == ExprKind::kNumber) {
      *out = "-" + e.children[0].text;
      return true;
    }
    std::vector<double> values;
    if (!Numbers(e, s, &values, problem)) return false;
    *out = FormatNumber(values[0]);
    return true;
  }

  Reading Choice(const Reading& a, const Reading& b) {
    if (a.kind == Reading::kUnknown) return a;
    if (b.kind == Reading::kUnknown) return b;
    bool same = a.kind == b.kind &&
                ((a.kind == Reading::kCron && a.cron.minute == b.cron.minute && a.cron.hour == b.cron.hour &&
                  a.cron.day_of_week == b.cron.day_of_week && a.cron.day_of_month == b.cron.day_of_month &&
                  a.cron.month_of_year == b.cron.month_of_year) ||
                 (a.kind == Reading::kInterval && a.seconds == b.seconds && a.extra == b.extra) ||
                 (a.kind != Reading::kCron && a.kind != Reading::kInterval && a.text == b.text));
    if (same) return a;
    Reading r;
    r.kind = Reading::kChoice;
    r.text = Text(a) + " or " + Text(b);
    r.uses_timezone = a.kind == Reading::kCron || b.kind == Reading::kCron || a.uses_timezone || b.uses_timezone;
    return r;
  }

  const resolve::RepoIndex& ix_;
  std::string tz_;
  std::vector<Origin> env_;
};

}  // namespace

bool FollowName(const Expr& e, const Scope& s, const resolve::RepoIndex& ix, const Expr** bound, Scope* where) {
  if (e.kind == ExprKind::kName && s.function != nullptr) {
    for (const facts::Param& p : s.function->params) {
      if (p.name == e.text) return false;  // a parameter: its value comes from callers (evaluation)
    }
    const Expr* local = nullptr;
    facts::ForEachStmt(s.function->body, [&](const facts::Stmt& st) {
      if (st.kind != facts::StmtKind::kAssign || st.exprs.empty() || st.line >= e.line) return;
      for (const Expr& t : st.targets) {
        if (t.kind == ExprKind::kName && t.text == e.text) local = &st.exprs[0];
      }
    });
    if (local != nullptr) {
      *bound = local;
      *where = s;
      return true;
    }
  }
  if (e.kind != ExprKind::kName && e.kind != ExprKind::kAttribute) return false;
  std::string q = ix.QualifiedName(e, s);
  if (q.empty()) return false;
  static const std::string kSettings = "django.conf.settings.";
  static const std::string kConfSettings = ".conf.settings.";
  size_t at = q.rfind(kConfSettings);
  if (q.rfind(kSettings, 0) == 0 || at != std::string::npos) {
    std::string name = q.substr(q.rfind(kSettings, 0) == 0 ? kSettings.size() : at + kConfSettings.size());
    if (name.find('.') != std::string::npos) return false;
    const facts::ModuleFacts* m = nullptr;
    const Expr* b = ix.SettingExpr(name, &m);
    if (b == nullptr || m == nullptr) return false;
    *bound = b;
    *where = ix.ScopeOf(*m, nullptr);
    return true;
  }
  size_t dot = q.rfind('.');
  if (dot == std::string::npos) return false;
  const facts::ModuleFacts* owner = ix.Module(q.substr(0, dot));
  if (owner == nullptr) return false;
  const facts::ModuleFacts* m = nullptr;
  const Expr* b = ix.ModuleBinding(*owner, q.substr(dot + 1), &m);
  if (b == nullptr || m == nullptr || b == &e) return false;
  *bound = b;
  *where = ix.ScopeOf(*m, nullptr);
  return true;
}

std::optional<double> ApproximatePeriod(const edges::Cadence& c) {
  if (c.every_seconds) return static_cast<double>(*c.every_seconds);
  if (!c.cron) return std::nullopt;
  std::vector<std::string> fields;
  std::string cur;
  for (char ch : *c.cron + " ") {
    if (ch == ' ') {
      if (!cur.empty()) fields.push_back(cur);
      cur.clear();
    } else {
      cur.push_back(ch);
    }
  }
  if (fields.size() != 5) return std::nullopt;
  const CronUnit units[] = {CronUnit::kMinute, CronUnit::kHour, CronUnit::kDayOfMonth, CronUnit::kMonthOfYear,
                            CronUnit::kDayOfWeek};
  double sizes[5];
  for (int i = 0; i < 5; ++i) {
    std::set<int> values;
    std::string problem;
    if (!ParseCronString(fields[i], units[i], &values, &problem)) return std::nullopt;
    sizes[i] = static_cast<double>(values.size());
  }
  double runs_per_week = sizes[0] * sizes[1] * 7 * (sizes[2] / 31) * (sizes[3] / 12) * (sizes[4] / 7);
  if (runs_per_week <= 0) return std::nullopt;
  return 604800 / runs_per_week;
}

Schedule Normalize(const facts::Expr& schedule, const resolve::Scope& scope, const resolve::RepoIndex& index,
                   const std::optional<std::string>& timezone) {
  Reader reader(index, timezone);
  Reading r = reader.Read(schedule, scope, 0);
  Schedule out;
  out.source = ExprSource(schedule);
  out.cadence.has_beat_field = true;
  if (r.kind == Reading::kUnknown) {
    out.cadence.text = "unknown";
    out.problem = r.problem.empty() ? "cannot read the schedule" : r.problem;
    return out;
  }
  out.cadence.text = reader.Text(r);
  if (r.kind == Reading::kCron) out.cadence.cron = CronExpression(r.cron);
  if (r.kind == Reading::kInterval) out.cadence.every_seconds = r.seconds;
  if ((r.kind == Reading::kCron || r.uses_timezone) && !reader.timezone().empty()) {
    out.cadence.timezone = reader.timezone();
  }
  out.env = reader.env();
  std::sort(out.env.begin(), out.env.end(), [](const Origin& a, const Origin& b) { return a.name < b.name; });
  if (!out.env.empty()) {
    std::string names;
    for (size_t i = 0; i < out.env.size(); ++i) names += (i > 0 ? ", " : "") + out.env[i].name.substr(4);
    out.cadence.text += out.env.size() == 1 ? " (default of env " + names + ")" : " (defaults of env " + names + ")";
  }
  return out;
}

}  // namespace edgescan::cadence
