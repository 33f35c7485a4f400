{{/*
The chain parameters: what the genesis is built from, recorded at install in the ConfigMap
"chain" (kept by `helm uninstall`, like the volumes) and compared on every later render.
*/}}

{{/* The chain parameters these values ask for, as a JSON object of strings (the ConfigMap's data). */}}
{{- define "geth-agent.chainWanted" -}}
{{- $v := .Values -}}
{{- $static := list -}}
{{- range $v.signers.static }}{{ $static = append $static (lower .) }}{{ end -}}
{{- toJson (dict
  "network-id" ($v.network.id | int64 | toString)
  "clique-period" ($v.network.cliquePeriod | int64 | toString)
  "signer-mode" $v.signers.mode
  "signers" (join "," $static)
  "sealer-count" (ternary ($v.sealers.replicas | int64 | toString) "" (eq $v.signers.mode "collected"))
) -}}
{{- end -}}

{{/*
The chain parameters of this render, as JSON. On a cluster (install, upgrade, --dry-run=server)
the ConfigMap recorded at install wins, and values that would change the chain are refused with
the value to keep. `helm template` (no cluster: lookup finds nothing) renders a fresh install.
*/}}
{{- define "geth-agent.chain" -}}
{{- include "geth-agent.validate" . -}}
{{- $want := include "geth-agent.chainWanted" . | fromJson -}}
{{- $name := include "geth-agent.name" (list . "chain") -}}
{{- $had := (lookup "v1" "ConfigMap" .Release.Namespace $name).data | default dict -}}
{{- $chain := $want -}}
{{- if $had -}}
{{- $chain = $had -}}
{{- $settings := dict "network-id" "network.id" "clique-period" "network.cliquePeriod" "signer-mode" "signers.mode" "signers" "signers.static" -}}
{{- range $key := list "network-id" "clique-period" "signer-mode" "signers" -}}
{{- $was := get $had $key | default "" -}}
{{- $now := get $want $key -}}
{{- if ne $was $now -}}
{{- fail (printf "\n\nrefused: %s would change the chain. The network's genesis (recorded in ConfigMap %s at install) has %s=%q; these values ask for %q.\nA genesis never changes: keep %s as it is. A new chain is a new network: a new release (or uninstall, then delete ConfigMap %s and every PersistentVolumeClaim of this network)." (get $settings $key) $name (get $settings $key) $was $now (get $settings $key) $name) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- include "geth-agent.checkSealerCount" (list . $chain) -}}
{{- toJson $chain -}}
{{- end -}}

{{/*
Sealers beyond the signer set the genesis was sealed with could never seal (each would register,
get 409 and exit 65): refused here. This is where an admission policy for new signers (a Clique
vote instead of the genesis) would relax the rule.
*/}}
{{- define "geth-agent.checkSealerCount" -}}
{{- $root := index . 0 -}}
{{- $chain := index . 1 -}}
{{- $replicas := $root.Values.sealers.replicas | int -}}
{{- $signers := include "geth-agent.signerCount" $chain | int -}}
{{- if gt $replicas $signers -}}
{{- if eq (get $chain "signer-mode") "static" -}}
{{- fail (printf "\n\nrefused: sealers.replicas=%d but signers.static lists %d signers: %s-%d would hold no signer key of the genesis." $replicas $signers (include "geth-agent.name" (list $root "sealer")) $signers) -}}
{{- else -}}
{{- fail (printf "\n\nrefused: sealers.replicas=%d but the genesis was sealed with %d collected signers (ConfigMap %s): a sealer outside that set is refused by the genesis server and can never seal. Keep sealers.replicas <= %d." $replicas $signers (include "geth-agent.name" (list $root "chain")) $signers) -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Number of signers in the genesis, from chain parameters. */}}
{{- define "geth-agent.signerCount" -}}
{{- if eq (get . "signer-mode") "static" -}}
{{- len (splitList "," (get . "signers") | compact) -}}
{{- else -}}
{{- get . "sealer-count" -}}
{{- end -}}
{{- end -}}
