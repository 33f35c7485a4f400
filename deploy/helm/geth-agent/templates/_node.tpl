{{/*
A node role (boot, sealer, client): its headless governing Service and its StatefulSet.
Called as (list $ "<role>").
*/}}
{{- define "geth-agent.node" -}}
{{- $root := index . 0 -}}
{{- $role := index . 1 -}}
{{- $v := include "geth-agent.roleValues" . | fromYaml -}}
{{- $name := include "geth-agent.name" (list $root $role) -}}
{{- $genesis := include "geth-agent.name" (list $root "genesis") -}}
{{- $expose := $root.Values.p2p.expose -}}
{{- $reports := and $root.Values.genesis.ethstatsCollector (ne $role "boot") -}}
{{- $networkSecret := include "geth-agent.needsNetworkSecret" (list $root $role) -}}
{{- $static := eq $root.Values.signers.mode "static" -}}
{{- $secretName := include "geth-agent.secretName" $root -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ $name }}
  labels:
    {{- include "geth-agent.labels" (list $root $role) | nindent 4 }}
spec:
  # Headless, with not-ready addresses: stable per-pod DNS ({{ $name }}-0.{{ $name }}) from the first
  # second, for GETH_AGENT_ADVERTISE_HOST and peering; readiness does not gate discovery.
  clusterIP: None
  publishNotReadyAddresses: true
  selector:
    {{- include "geth-agent.selectorLabels" (list $root $role) | nindent 4 }}
  ports:
    {{- if eq $expose "NodePort" }}
    # P2P: each pod's own NodePort Service (the pod listens on its node port).
    {{- else if eq $role "boot" }}
    - name: discovery
      port: {{ $v.port }}
      targetPort: discovery
      protocol: UDP
    {{- else }}
    - name: p2p
      port: {{ $v.port }}
      targetPort: p2p
      protocol: TCP
    - name: discovery
      port: {{ $v.port }}
      targetPort: discovery
      protocol: UDP
    {{- end }}
    - name: agent
      port: {{ $root.Values.agentPort }}
      targetPort: agent
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: {{ $name }}
  labels:
    {{- include "geth-agent.labels" (list $root $role) | nindent 4 }}
spec:
  serviceName: {{ $name }}
  replicas: {{ $v.replicas }}
  # Parallel, not OrderedReady: nodes wait for the genesis, and no sealer can be ready before all
  # have registered (the genesis is sealed only then): an ordered start would wait forever.
  podManagementPolicy: Parallel
  selector:
    matchLabels:
      {{- include "geth-agent.selectorLabels" (list $root $role) | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "geth-agent.selectorLabels" (list $root $role) | nindent 8 }}
      {{- with include "geth-agent.podAnnotations" (list $root $v) }}{{ . | nindent 6 }}{{ end }}
    spec:
      {{- include "geth-agent.podSpecCommon" $root | nindent 6 }}
      {{- with include "geth-agent.scheduling" (list $root $v) }}{{ . | nindent 6 }}{{ end }}
      {{- if $reports }}
      initContainers:
        {{- include "geth-agent.ethstatsInit" $root | nindent 8 }}
      {{- end }}
      containers:
        - name: agent
          image: {{ include "geth-agent.image" $root }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          {{- if eq $expose "NodePort" }}
          # Each pod listens on, and advertises, its own node port: base + ordinal. The image's
          # entrypoint (tini, then the agent) is kept; the shell only computes the port and execs.
          command: ["/usr/bin/tini", "--", "/bin/sh", "-c", "export GETH_AGENT_P2P_PORT=$$((P2P_PORT_BASE + ${POD_NAME##*-})) && exec node /app/bin/geth-agent run"]
          {{- else }}
          args: [run]
          {{- end }}
          env:
            - name: POD_NAME
              valueFrom:
                fieldRef: { fieldPath: metadata.name }
            - name: POD_NAMESPACE
              valueFrom:
                fieldRef: { fieldPath: metadata.namespace }
            {{- if eq $expose "NodePort" }}
            - name: HOST_IP
              valueFrom:
                fieldRef: { fieldPath: status.hostIP }
            - name: P2P_PORT_BASE
              value: {{ get $root.Values.p2p.nodePort.base $role | int | toString | quote }}
            {{- end }}
            - name: GETH_AGENT_ROLE
              value: {{ $role }}
            - name: GETH_AGENT_DATA_DIR
              value: /data
            - name: GETH_AGENT_LISTEN
              value: 0.0.0.0:{{ $root.Values.agentPort }}
            - name: GETH_AGENT_GENESIS_URL
              value: {{ include "geth-agent.genesisUrl" $root }}
            - name: GETH_AGENT_NETWORK_ID
              value: {{ $root.Values.network.id | int64 | toString | quote }}
            - name: GETH_AGENT_ADVERTISE_HOST
              {{- if eq $expose "NodePort" }}
              value: {{ $root.Values.p2p.nodePort.advertiseHost | default "$(HOST_IP)" | quote }}
              {{- else if eq $expose "LoadBalancer" }}
              value: $(POD_NAME).{{ $root.Values.p2p.loadBalancer.advertiseDomain }}
              {{- else }}
              value: $(POD_NAME).{{ $name }}.$(POD_NAMESPACE).svc
              {{- end }}
            {{- if ne $expose "NodePort" }}
            - name: GETH_AGENT_P2P_PORT
              value: {{ $v.port | int | toString | quote }}
            {{- end }}
            {{- if ne $role "boot" }}
            - name: GETH_AGENT_MIN_PEERS
              value: "1"
            {{- end }}
            {{- if $networkSecret }}
            - name: GETH_AGENT_NETWORK_SECRET_FILE
              value: /run/secrets/network/network-secret
            {{- end }}
            {{- if eq $role "sealer" }}
            # This pod's own password (and, with static signers, key) of the mounted Secret.
            - name: GETH_AGENT_PASSWORD_FILE
              value: /run/secrets/keystore-passwords/$(POD_NAME)
            {{- if $static }}
            - name: GETH_AGENT_PRIVATE_KEY_FILE
              value: /run/secrets/signer-keys/$(POD_NAME)
            {{- end }}
            {{- end }}
            {{- if eq $role "client" }}
            - name: GETH_AGENT_HTTP_PORT
              value: {{ $v.httpPort | int | toString | quote }}
            - name: GETH_AGENT_WS_PORT
              value: {{ $v.wsPort | int | toString | quote }}
            - name: GETH_AGENT_HTTP_API
              value: {{ $v.httpApi | quote }}
            # geth's own variable (--ws.rpcprefix): WebSocket JSON-RPC on every path, so an
            # Ingress can route /ws to it (geth otherwise answers WebSocket on "/" only).
            - name: GETH_WS_RPCPREFIX
              value: /
            {{- end }}
            {{- if $reports }}
            - name: GETH_AGENT_ETHSTATS_FILE
              value: /run/ethstats/target
            {{- end }}
            {{- include "geth-agent.envTail" (list $root $v) | nindent 12 }}
          ports:
            - name: agent
              containerPort: {{ $root.Values.agentPort }}
            {{- if ne $expose "NodePort" }}
            {{- if ne $role "boot" }}
            - name: p2p
              containerPort: {{ $v.port }}
              protocol: TCP
            {{- end }}
            - name: discovery
              containerPort: {{ $v.port }}
              protocol: UDP
            {{- end }}
            {{- if eq $role "client" }}
            - name: http-rpc
              containerPort: {{ $v.httpPort }}
            - name: ws-rpc
              containerPort: {{ $v.wsPort }}
            {{- end }}
          {{- include "geth-agent.probes" (list $root $v) | nindent 10 }}
          terminationMessagePolicy: FallbackToLogsOnError
          resources:
            {{- toYaml $v.resources | nindent 12 }}
          {{- include "geth-agent.containerSecurityContext" $root | nindent 10 }}
          volumeMounts:
            - { name: data, mountPath: /data }
            - { name: tmp, mountPath: /tmp }
            {{- if $networkSecret }}
            - { name: network-secret, mountPath: /run/secrets/network, readOnly: true }
            {{- end }}
            {{- if eq $role "sealer" }}
            - { name: keystore-passwords, mountPath: /run/secrets/keystore-passwords, readOnly: true }
            {{- if $static }}
            - { name: signer-keys, mountPath: /run/secrets/signer-keys, readOnly: true }
            {{- end }}
            {{- end }}
            {{- if $reports }}
            - { name: ethstats-target, mountPath: /run/ethstats, readOnly: true }
            {{- end }}
      volumes:
        - name: tmp
          emptyDir: {}
        {{- if $networkSecret }}
        {{- include "geth-agent.secretVolume" (list $root "network-secret" $secretName (dict "network-secret" "network-secret")) | nindent 8 }}
        {{- end }}
        {{- if eq $role "sealer" }}
        {{- $passwords := dict -}}
        {{- $keys := dict -}}
        {{- range $i := until ($v.replicas | int) }}
        {{- $_ := set $passwords (printf "sealer-%d-password" $i) (printf "%s-%d" $name $i) -}}
        {{- $_ := set $keys (printf "sealer-%d-private-key" $i) (printf "%s-%d" $name $i) -}}
        {{- end }}
        {{- include "geth-agent.secretVolume" (list $root "keystore-passwords" $secretName $passwords) | nindent 8 }}
        {{- if $static }}
        {{- include "geth-agent.secretVolume" (list $root "signer-keys" $root.Values.signers.keysSecret $keys) | nindent 8 }}
        {{- end }}
        {{- end }}
        {{- if $reports }}
        {{- include "geth-agent.secretVolume" (list $root "ethstats-secret" $secretName (dict "ethstats-secret" "ethstats-secret")) | nindent 8 }}
        - name: ethstats-target
          emptyDir: { medium: Memory, sizeLimit: 1Mi }
        {{- end }}
  volumeClaimTemplates:
    - metadata:
        name: data
      spec:
        {{- include "geth-agent.storageSpec" $v.storage | nindent 8 }}
{{- end -}}
