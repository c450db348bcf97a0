/**
 * How long a Secrets Manager rotation schedule can leave a secret unrotated: the longest gap, in
 * days, between two rotations it starts. A schedule is `automaticallyAfterDays`, or a
 * `scheduleExpression` of `rate(<n> days|hours)` or `cron(<minutes> <hours> <day-of-month>
 * <month> <day-of-week> <year>)`. For a cron expression the day fields are evaluated day by day
 * over eight years (two leap cycles), so `L`, `W` and `#` forms, month limits and weekday lists
 * all count as they fire; minutes and hours only place the rotation within its day.
 */

/** The longest gap a schedule allows, or why it cannot say. */
export type ScheduleReading = { days: number; schedule: string } | { problem: string };

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const WEEKDAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

/** The days evaluated for cron expressions: 2024-01-01 to 2031-12-31, UTC. */
const FIRST_DAY = Date.UTC(2024, 0, 1);
const DAYS_EVALUATED = 2922;
const DAY_MS = 86_400_000;

interface Day {
    dayOfMonth: number;
    month: number;
    /** 1 (Sunday) to 7 (Saturday), as cron expressions of Secrets Manager count. */
    weekday: number;
    daysInMonth: number;
}

type DayTest = (day: Day) => boolean;

class CronError extends Error {}

function numberIn(text: string, names: string[], min: number, max: number, field: string): number {
    const byName = names.indexOf(text.toUpperCase());
    const value = byName >= 0 ? byName + min : /^\d+$/.test(text) ? Number(text) : NaN;
    if (!(value >= min && value <= max)) {
        throw new CronError(
            `${field} field value ${JSON.stringify(text)} is not from ${min} to ${max}`,
        );
    }
    return value;
}

/** A test for the common forms: `*`, `?`, numbers, names, ranges, lists and steps. */
function rangeTest(
    text: string,
    names: string[],
    min: number,
    max: number,
    field: string,
    of: (day: Day) => number,
): DayTest {
    const allowed = new Set<number>();
    for (const part of text.split(",")) {
        const [range, stepText] = part.split("/");
        const step = stepText === undefined ? 1 : Number(stepText);
        if (!Number.isInteger(step) || step < 1) {
            throw new CronError(
                `${field} field step ${JSON.stringify(stepText)} is not a positive number`,
            );
        }
        let low = min;
        let high = max;
        if (range !== "*" && range !== "?") {
            const [a, b] = range.split("-");
            low = numberIn(a, names, min, max, field);
            high =
                b === undefined
                    ? stepText === undefined
                        ? low
                        : max
                    : numberIn(b, names, min, max, field);
        }
        for (let v = low; v <= high; v += step) {
            allowed.add(v);
        }
    }
    return (day) => allowed.has(of(day));
}

/** The day of the month that `nW` means in a month: the weekday nearest to day n in it. */
function nearestWeekday(n: number, day: Day): number {
    const target = Math.min(n, day.daysInMonth);
    const weekdayOfTarget = ((day.weekday - 1 + (target - day.dayOfMonth) + 7 * 6) % 7) + 1;
    if (weekdayOfTarget === 7) {
        return target === 1 ? 3 : target - 1;
    }
    if (weekdayOfTarget === 1) {
        return target === day.daysInMonth ? target - 2 : target + 1;
    }
    return target;
}

function dayOfMonthTest(text: string): DayTest {
    if (text === "L") {
        return (day) => day.dayOfMonth === day.daysInMonth;
    }
    if (text === "LW") {
        return (day) => {
            let last = day.daysInMonth;
            const weekdayOfLast = ((day.weekday - 1 + (last - day.dayOfMonth) + 7 * 6) % 7) + 1;
            last -= weekdayOfLast === 7 ? 1 : weekdayOfLast === 1 ? 2 : 0;
            return day.dayOfMonth === last;
        };
    }
    const nearest = /^(\d{1,2})W$/.exec(text);
    if (nearest !== null) {
        const n = numberIn(nearest[1], [], 1, 31, "day-of-month");
        return (day) => day.dayOfMonth === nearestWeekday(n, day);
    }
    return rangeTest(text, [], 1, 31, "day-of-month", (day) => day.dayOfMonth);
}

function weekdayTest(text: string): DayTest {
    const nth = /^([A-Za-z]{3}|\d)#([1-5])$/.exec(text);
    if (nth !== null) {
        const weekday = numberIn(nth[1], WEEKDAYS, 1, 7, "day-of-week");
        const k = Number(nth[2]);
        return (day) => day.weekday === weekday && Math.ceil(day.dayOfMonth / 7) === k;
    }
    const last = /^([A-Za-z]{3}|\d)L$/.exec(text);
    if (last !== null) {
        const weekday = numberIn(last[1], WEEKDAYS, 1, 7, "day-of-week");
        return (day) => day.weekday === weekday && day.dayOfMonth + 7 > day.daysInMonth;
    }
    if (text === "L") {
        return (day) => day.weekday === 7;
    }
    return rangeTest(text, WEEKDAYS, 1, 7, "day-of-week", (day) => day.weekday);
}

/** The longest gap in days between two days a cron expression fires on. */
function cronGap(body: string): number {
    const fields = body.trim().split(/\s+/);
    if (fields.length !== 6) {
        throw new CronError(
            `has ${fields.length} fields; expected 6 (minutes hours day-of-month month day-of-week year)`,
        );
    }
    const [, , dom, month, dow, year] = fields;
    if (year !== "*" && year !== "?") {
        throw new CronError(`names years (${year}), so it stops rotating`);
    }
    if (dom !== "?" && dow !== "?" && dom !== "*" && dow !== "*") {
        throw new CronError("restricts both day-of-month and day-of-week; one must be ?");
    }
    const tests = [
        dom === "?" ? () => true : dayOfMonthTest(dom),
        rangeTest(month, MONTHS, 1, 12, "month", (day) => day.month),
        dow === "?" ? () => true : weekdayTest(dow),
    ];
    let previous: number | undefined;
    let longest = 0;
    for (let i = 0; i < DAYS_EVALUATED; i++) {
        const date = new Date(FIRST_DAY + i * DAY_MS);
        const day: Day = {
            dayOfMonth: date.getUTCDate(),
            month: date.getUTCMonth() + 1,
            weekday: date.getUTCDay() + 1,
            daysInMonth: new Date(
                Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0),
            ).getUTCDate(),
        };
        if (tests.every((test) => test(day))) {
            if (previous !== undefined) {
                longest = Math.max(longest, i - previous);
            }
            previous = i;
        }
    }
    if (longest === 0) {
        throw new CronError("fires fewer than twice in eight years");
    }
    return longest;
}

function expressionGap(expression: string): number {
    const rate = /^rate\(\s*(\d+)\s+(day|days|hour|hours)\s*\)$/.exec(expression.trim());
    if (rate !== null) {
        const n = Number(rate[1]);
        if (n < 1) {
            throw new CronError("rate of zero never fires");
        }
        return rate[2].startsWith("day") ? n : n / 24;
    }
    const cron = /^cron\((.*)\)$/.exec(expression.trim());
    if (cron !== null) {
        return cronGap(cron[1]);
    }
    throw new CronError("is neither rate(<n> days|hours) nor cron(...)");
}

/**
 * The longest a `rotationRules` block lets a secret go without rotation. Where both
 * `automaticallyAfterDays` and a `scheduleExpression` are set, the longer gap counts.
 */
export function longestRotationGap(rules: unknown): ScheduleReading {
    if (rules === null || typeof rules !== "object") {
        return { problem: "has no rotationRules" };
    }
    const { automaticallyAfterDays: days, scheduleExpression: expression } = rules as Record<
        string,
        unknown
    >;
    const readings: { days: number; schedule: string }[] = [];
    if (days !== undefined && days !== null) {
        if (typeof days !== "number" || !Number.isInteger(days) || days < 1) {
            return {
                problem: `automaticallyAfterDays ${JSON.stringify(days)} is not a whole number of days`,
            };
        }
        readings.push({ days, schedule: `automaticallyAfterDays ${days}` });
    }
    if (expression !== undefined && expression !== null && expression !== "") {
        if (typeof expression !== "string") {
            return { problem: `scheduleExpression ${JSON.stringify(expression)} is not a string` };
        }
        try {
            readings.push({ days: expressionGap(expression), schedule: expression });
        } catch (error) {
            return {
                problem: `scheduleExpression ${JSON.stringify(expression)} ${(error as Error).message}`,
            };
        }
    }
    if (readings.length === 0) {
        return { problem: "rotationRules set no schedule" };
    }
    return readings.reduce((a, b) => (b.days > a.days ? b : a));
}
