/**
 * Containers mount their root filesystem read-only: `securityContext.readOnlyRootFilesystem`
 * must be `true` on every container of every list. Writable paths an application needs are
 * `emptyDir` or other volumes mounted over the read-only root.
 *
 * Ephemeral (debug) containers are held to it too: their `securityContext` accepts the field,
 * and a debug session that can rewrite binaries in the root filesystem is what this guards.
 */
import type { BaselineResourcePolicy } from "../../catalog";
import { containerField, containersOf, isJudged, podTemplatesOf } from "../../pod-templates";
import { fieldViolation, read, subjectOf } from "../../violation";

const policy: BaselineResourcePolicy = {
    name: "workload-read-only-root-filesystem",
    description:
        "Every container, init container and ephemeral container sets securityContext.readOnlyRootFilesystem: true; writable paths come from volumes.",
    severity: "medium",
    checklist: "containers run with a read-only root filesystem",
    validateResource: (args, reportViolation) => {
        const pods = podTemplatesOf(args.type, args.props);
        if (pods.length === 0) {
            return;
        }
        const subject = subjectOf(args.type, args.props, args.name);
        for (const pod of pods) {
            for (const ref of containersOf(pod)) {
                const value = read(ref.container, "securityContext", "readOnlyRootFilesystem");
                if (value !== true && isJudged(pod, value)) {
                    const field = containerField(ref, "securityContext.readOnlyRootFilesystem");
                    reportViolation(fieldViolation(subject, field, value, "true"));
                }
            }
        }
    },
};

export default policy;
