"use client";

import { useCreateEndpoint, useEndpoints } from "@/lib/client/use-endpoints";
import { CreateEndpointForm } from "./create-endpoint-form";
import { EndpointRow } from "./endpoint-row";

export function EndpointsDashboard() {
  const endpoints = useEndpoints();
  const create = useCreateEndpoint();
  return (
    <section className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <h1 className="text-xl font-semibold">Endpoints</h1>
        <CreateEndpointForm pending={create.isPending} error={create.error?.message} onCreate={(name) => create.mutate(name)} />
      </div>
      {endpoints.isPending && <p className="text-sm text-zinc-500">Loading…</p>}
      {endpoints.error && <p role="alert" className="text-sm text-red-600">{endpoints.error.message}</p>}
      {endpoints.data?.length === 0 && (
        <p className="rounded-md border border-dashed border-zinc-300 p-6 text-center text-sm text-zinc-500 dark:border-zinc-700">
          No endpoints yet. Create one to get an inbound URL.
        </p>
      )}
      <ul className="space-y-3" data-testid="endpoint-list">
        {endpoints.data?.map((e) => <EndpointRow key={e.id} endpoint={e} />)}
      </ul>
    </section>
  );
}
