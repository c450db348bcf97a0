/**
 * Builds the policy of one Pod Security Admission check. A control states only what it finds in a
 * pod template; finding the templates in any pod-bearing kind (whole, patched, or each item of a
 * list), skipping other resources, applying the configured level, judging of a patch only the
 * values it sets, and wording the violations happen here, once for every control.
 */
import type { ResourceValidationArgs, ReportViolation, Severity } from "@pulumi/policy";

import type { BaselineResourcePolicy } from "./catalog";
import {
    type PodSecurityLevel,
    LEVEL_CONFIG_SCHEMA,
    configuredLevel,
    runsAt,
} from "./pod-security-level";
import { type PodTemplate, isJudged, podTemplatesOf } from "./pod-templates";
import { fieldViolation, subjectOf } from "./violation";

/** One field of a pod template that holds a value the control does not allow. */
export interface Finding {
    /** Full field path from the object's root, container named: `spec.containers[0] ("app")...`. */
    field: string;
    /**
     * The value found there; undefined where the field is unset, which a patch leaves to the
     * live object, so that such a finding is no violation of a patch.
     */
    found: unknown;
    /** What the control allows in that field, for the reader. */
    allowed: string;
}

/** What a control states about itself and the check it runs. */
export interface PodSecurityControl {
    /** Policy name, `pss-<check>`. */
    name: string;
    /** The Pod Security Admission check id this control implements (`runAsNonRoot`). */
    checkId: string;
    /** The Pod Security Standards level the check belongs to. */
    level: PodSecurityLevel;
    /** What the control requires, in one sentence. */
    description: string;
    /** How bad a violation is. */
    severity: Severity;
    /** The security-checklist item, in a few words. */
    checklist: string;
    /** CIS Kubernetes Benchmark recommendation ids, where the benchmark has one. */
    cis?: string;
    /** Every field of the pod template the check does not allow; empty when it passes. */
    check(pod: PodTemplate): Finding[];
}

/** A pod-security policy: a pack policy that also names the Pod Security Admission check. */
export type PodSecurityPolicy = BaselineResourcePolicy & {
    /** The Pod Security Admission check id, as its fixtures are named (case aside). */
    pssCheckId: string;
    /** The level of that check. */
    pssLevel: PodSecurityLevel;
};

/** The pack policy of one control. */
export function podSecurityControl(control: PodSecurityControl): PodSecurityPolicy {
    const validate = (args: ResourceValidationArgs, report: ReportViolation): void => {
        const pods = podTemplatesOf(args.type, args.props);
        if (pods.length === 0) {
            return;
        }

        const { level, problem } = configuredLevel(args.getConfig());
        if (problem !== undefined) {
            report(`policy ${control.name}: ${problem}`);
        }
        if (!runsAt(control.level, level)) {
            return;
        }

        // LIMITATION: a container list, volume list or port list that is not a list reads as
        // absent, so nothing in it is flagged; the API server refuses such an object anyway.
        const subject = subjectOf(args.type, args.props, args.name);
        for (const pod of pods) {
            // A patch is judged on the values it sets: see isJudged.
            for (const finding of control.check(pod)) {
                if (isJudged(pod, finding.found)) {
                    report(fieldViolation(subject, finding.field, finding.found, finding.allowed));
                }
            }
        }
    };
    return {
        name: control.name,
        description: control.description,
        severity: control.severity,
        checklist: control.checklist,
        cis: control.cis,
        pssCheckId: control.checkId,
        pssLevel: control.level,
        configSchema: LEVEL_CONFIG_SCHEMA,
        validateResource: validate,
    };
}

/** Whether a field is unset: absent or null, as the Kubernetes API reads both. */
export function isUnset(value: unknown): value is undefined | null {
    return value === undefined || value === null;
}

/** Allowed values for a message: `"RuntimeDefault", "Localhost"`. */
export function quoted(values: Iterable<string>): string {
    return [...values].map((value) => JSON.stringify(value)).join(", ");
}
