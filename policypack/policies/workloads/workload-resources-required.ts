/**
 * Containers declare what they need and may use: cpu and memory in both `resources.requests`
 * and `resources.limits`, on containers and init containers. Without requests the scheduler
 * packs blindly; without limits one pod can starve its node.
 *
 * Ephemeral containers are exempt: the API rejects `resources` on them (they take what the pod
 * has left).
 *
 * LIMITATION: pod-level `spec.resources` (Kubernetes 1.32+, beta) is not taken as a substitute;
 * every container still declares its own, which is also what older clusters require.
 */
import type { BaselineResourcePolicy } from "../../catalog";
import { containerField, containersOf, isJudged, podTemplatesOf } from "../../pod-templates";
import { fieldViolation, read, subjectOf } from "../../violation";

/** The quantities every container must declare, as field paths under `resources`. */
const REQUIRED = ["requests.cpu", "requests.memory", "limits.cpu", "limits.memory"];

function isQuantity(value: unknown): boolean {
    return (typeof value === "string" && value.trim() !== "") || typeof value === "number";
}

const policy: BaselineResourcePolicy = {
    name: "workload-resources-required",
    description:
        "Every container and init container sets cpu and memory in resources.requests and resources.limits; ephemeral containers are exempt because the API forbids resources on them.",
    severity: "medium",
    checklist: "containers declare cpu and memory requests and limits",
    validateResource: (args, reportViolation) => {
        const pods = podTemplatesOf(args.type, args.props);
        if (pods.length === 0) {
            return;
        }
        const subject = subjectOf(args.type, args.props, args.name);
        for (const pod of pods) {
            // A patch is judged on the quantities it sets; those it leaves out stay as they are.
            const wanting = pod.partial ? "not a quantity:" : "missing";
            for (const ref of containersOf(pod, ["containers", "initContainers"])) {
                const resources = read(ref.container, "resources");
                const wrong = REQUIRED.filter((path) => {
                    const value = read(resources, ...path.split("."));
                    return !isQuantity(value) && isJudged(pod, value);
                });
                if (wrong.length > 0) {
                    reportViolation(
                        fieldViolation(
                            subject,
                            containerField(ref, "resources"),
                            resources,
                            `cpu and memory in both requests and limits (${wanting} ${wrong.join(", ")})`,
                        ),
                    );
                }
            }
        }
    },
};

export default policy;
