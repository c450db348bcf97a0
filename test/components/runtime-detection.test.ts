import * as assert from "assert";
import * as YAML from "yaml";

import { type RecordedResource, startMockRuntime } from "../../cli/mock-runtime";
import { CUSTOM_RULES_FILE } from "../../components/falco-rules";
import {
    FALCO_CHART_REPOSITORY,
    FALCO_CHART_VERSION,
    RuntimeDetection,
    type RuntimeDetectionArgs,
} from "../../components/runtime-detection";

const ARGS: RuntimeDetectionArgs = {
    monitoredNamespaces: ["ohlcv-system"],
    allowedOutboundCidrs: ["100.64.0.0/10"],
    debugImages: ["docker.io/library/busybox"],
};

async function declare(args: RuntimeDetectionArgs = ARGS): Promise<RecordedResource[]> {
    const { monitor, settle } = await startMockRuntime({
        project: "security-baseline",
        stack: "test",
        preview: false,
        config: {},
    });
    new RuntimeDetection("runtime", args);
    await settle();
    return monitor.recorded;
}

function one(resources: RecordedResource[], type: string): RecordedResource {
    const found = resources.filter((r) => r.type === type);
    assert.strictEqual(found.length, 1, `one ${type}`);
    return found[0];
}

const NAMESPACE = "kubernetes:core/v1:Namespace";
const RELEASE = "kubernetes:helm.sh/v3:Release";

describe("RuntimeDetection", () => {
    let resources: RecordedResource[];

    before(async () => {
        resources = await declare();
    });

    it("registers as ohlcv:security:RuntimeDetection", () => {
        assert.strictEqual(one(resources, "ohlcv:security:RuntimeDetection").name, "runtime");
    });

    it("declares a namespace named falco by default", () => {
        assert.strictEqual((one(resources, NAMESPACE).inputs.metadata as any).name, "falco");
    });

    it("labels the namespace privileged for enforce, audit and warn", () => {
        const labels = (one(resources, NAMESPACE).inputs.metadata as any).labels;
        for (const mode of ["enforce", "audit", "warn"]) {
            assert.strictEqual(labels[`pod-security.kubernetes.io/${mode}`], "privileged", mode);
        }
    });

    it("releases the falco chart pinned at 9.1.0 from the falcosecurity repository", () => {
        const inputs = one(resources, RELEASE).inputs as any;
        assert.strictEqual(inputs.chart, "falco");
        assert.strictEqual(inputs.version, FALCO_CHART_VERSION);
        assert.strictEqual(FALCO_CHART_VERSION, "9.1.0");
        assert.strictEqual(inputs.repositoryOpts.repo, FALCO_CHART_REPOSITORY);
    });

    it("releases into the namespace it declares, and waits for it", () => {
        const release = one(resources, RELEASE);
        const namespace = one(resources, NAMESPACE);
        assert.strictEqual((release.inputs as any).namespace, "falco");
        assert.deepStrictEqual(release.propertyDependencies.namespace, [namespace.urn]);
    });

    it("parents both resources to the component", () => {
        const component = one(resources, "ohlcv:security:RuntimeDetection");
        assert.strictEqual(one(resources, NAMESPACE).parent, component.urn);
        assert.strictEqual(one(resources, RELEASE).parent, component.urn);
    });

    it("uses the modern eBPF driver with least privilege", () => {
        const values = (one(resources, RELEASE).inputs as any).values;
        assert.strictEqual(values.driver.kind, "modern_ebpf");
        assert.strictEqual(values.driver.modernEbpf.leastPrivileged, true);
    });

    it("passes the custom rules with the argument lists filled in", () => {
        const values = (one(resources, RELEASE).inputs as any).values;
        const entries = YAML.parse(values.customRules[CUSTOM_RULES_FILE]) as any[];
        const list = (name: string) => entries.find((e) => e.list === name)?.items;
        assert.deepStrictEqual(list("allowed_networks"), ['"100.64.0.0/10"']);
        assert.deepStrictEqual(list("debug_images"), ['"docker.io/library/busybox"']);
        assert.deepStrictEqual(list("shell_images"), [
            '"docker.io/hashicorp/vault"',
            '"hashicorp/vault"',
        ]);
    });

    it("takes another namespace name from its arguments", async () => {
        const other = await declare({ ...ARGS, namespace: "runtime-security" });
        assert.strictEqual((one(other, NAMESPACE).inputs.metadata as any).name, "runtime-security");
    });

    it("refuses a list entry that would not render into a valid condition", () => {
        assert.throws(
            () => new RuntimeDetection("bad", { ...ARGS, allowedOutboundIps: ["not-an-ip"] }),
            /allowedOutboundIps: "not-an-ip" is not an IPv4 or IPv6 address/,
        );
    });
});
