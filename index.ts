/**
 * The security baseline program: validates the stack's config, builds every tenant and exports
 * what app teams' stacks read about their tenant.
 */
import * as pulumi from "@pulumi/pulumi";

import { Tenant, TenantOutputs } from "./components/tenant";
import { BaselineConfig, ConfigError, parseBaselineConfig } from "./config";

/** Reads and validates the stack config; a bad config ends the run with its problems only. */
function readBaselineConfig(): BaselineConfig {
    try {
        return parseBaselineConfig(pulumi.runtime.allConfig());
    } catch (error) {
        if (error instanceof ConfigError) {
            // A RunError is reported by the CLI without a stack trace.
            throw new pulumi.RunError(error.message);
        }
        throw error;
    }
}

const config = readBaselineConfig();
const { tenants: tenantConfigs, ...platform } = config;

/** Per tenant, by tenant name: namespace, service accounts, trusted and workload principals. */
export const tenants: Record<string, TenantOutputs> = Object.fromEntries(
    tenantConfigs.map((tenant) => [
        tenant.name,
        new Tenant(tenant.name, { tenant, platform }).outputs,
    ]),
);
