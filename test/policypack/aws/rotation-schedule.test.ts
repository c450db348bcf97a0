import * as assert from "assert";

import { longestRotationGap } from "../../../policypack/rotation-schedule";

function days(rules: unknown): number {
    const reading = longestRotationGap(rules);
    assert.ok("days" in reading, "problem" in reading ? reading.problem : "");
    return reading.days;
}

function problem(rules: unknown): string {
    const reading = longestRotationGap(rules);
    assert.ok("problem" in reading, `expected a problem, got ${JSON.stringify(reading)}`);
    return reading.problem;
}

const cron = (fields: string) => ({ scheduleExpression: `cron(${fields})` });

describe("the rotation schedule reader", () => {
    it("reads automaticallyAfterDays as the gap", () => {
        assert.strictEqual(days({ automaticallyAfterDays: 30 }), 30);
    });

    it("reads rate() in days and in hours", () => {
        assert.strictEqual(days({ scheduleExpression: "rate(45 days)" }), 45);
        assert.strictEqual(days({ scheduleExpression: "rate(12 hours)" }), 0.5);
    });

    it("reads a daily cron as one day", () => {
        assert.strictEqual(days(cron("0 4 * * ? *")), 1);
    });

    it("reads a weekly cron by weekday name as seven days", () => {
        assert.strictEqual(days(cron("0 4 ? * MON *")), 7);
    });

    it("reads two weekdays as the longer of their gaps (Thursday to Monday)", () => {
        assert.strictEqual(days(cron("0 4 ? * MON,THU *")), 4);
    });

    it("reads the first of every month as 31 days (January to February)", () => {
        assert.strictEqual(days(cron("0 12 1 * ? *")), 31);
    });

    it("reads the last day of the month as 31 days", () => {
        assert.strictEqual(days(cron("0 12 L * ? *")), 31);
    });

    it("reads the first Monday of the month as 35 days (1 January to 5 February 2024)", () => {
        assert.strictEqual(days(cron("0 12 ? * MON#1 *")), 35);
    });

    it("reads the last Monday of the month as 35 days", () => {
        assert.strictEqual(days(cron("0 12 ? * 2L *")), 35);
    });

    it("reads the weekday nearest the first as up to 33 days (1 May to 3 June 2024)", () => {
        assert.strictEqual(days(cron("0 12 1W * ? *")), 33);
    });

    it("reads a quarterly cron as 92 days", () => {
        assert.strictEqual(days(cron("0 0 1 1,4,7,10 ? *")), 92);
    });

    it("reads month ranges with steps (every other month) as 62 days", () => {
        assert.strictEqual(days(cron("0 0 1 JAN-DEC/2 ? *")), 62);
    });

    it("reads 29 February as four years", () => {
        assert.strictEqual(days(cron("0 0 29 2 ? *")), 1461);
    });

    it("takes the longer gap when both a day count and an expression are set", () => {
        assert.strictEqual(
            days({ automaticallyAfterDays: 10, scheduleExpression: "rate(20 days)" }),
            20,
        );
    });

    it("refuses a cron that names years, which stops rotating", () => {
        assert.match(problem(cron("0 0 1 * ? 2026")), /names years \(2026\), so it stops rotating/);
    });

    it("refuses a cron with five fields", () => {
        assert.match(problem(cron("0 0 1 * ?")), /has 5 fields; expected 6/);
    });

    it("refuses a cron that restricts both day fields", () => {
        assert.match(problem(cron("0 0 1 * MON *")), /one must be \?/);
    });

    it("refuses a value out of range", () => {
        assert.match(
            problem(cron("0 0 32 * ? *")),
            /day-of-month field value "32" is not from 1 to 31/,
        );
    });

    it("refuses an expression of another kind", () => {
        assert.match(problem({ scheduleExpression: "every month" }), /is neither rate/);
    });

    it("refuses rules that set no schedule", () => {
        assert.match(problem({ duration: "2h" }), /rotationRules set no schedule/);
        assert.match(problem(undefined), /has no rotationRules/);
    });
});
