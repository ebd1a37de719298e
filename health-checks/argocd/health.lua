-- Health of a managedapi.dev ManagedApi for Argo CD. Its status follows kstatus: Reconciling and
-- Stalled are abnormal-true, status.observedGeneration is stamped on every pass. Degraded is kept
-- for what only a spec change or a human ends (Argo CD fails a sync on it); whatever may still
-- resolve by itself, a crash loop within its restart budget included, is Progressing.
local function health(status, message)
  local hs = {}
  hs.status = status
  hs.message = message
  return hs
end

local function condition(conditionType)
  if obj.status == nil or obj.status.conditions == nil then
    return nil
  end
  for _, c in ipairs(obj.status.conditions) do
    if c.type == conditionType then
      return c
    end
  end
  return nil
end

local ready = condition("Ready")
if ready == nil then
  return health("Progressing", "Waiting for the operator to report a status.")
end

local generation = obj.metadata.generation
local observed = obj.status.observedGeneration
if generation ~= nil and observed ~= nil and observed ~= generation then
  return health("Progressing", "Waiting for the operator to observe generation " .. generation
    .. "; the status describes generation " .. observed .. ".")
end

if obj.spec ~= nil and obj.spec.suspend == true then
  return health("Suspended", ready.message)
end

-- An exhausted restart budget (Alert, Suspend or Rollback), a passed progress deadline, a spec
-- the operator refuses: the operator has stopped trying. A budget suspension is Degraded, not
-- Suspended: nobody asked for it, and the API is down.
local stalled = condition("Stalled")
if stalled ~= nil and stalled.status == "True" then
  return health("Degraded", stalled.message)
end
local reconciling = condition("Reconciling")
if reconciling ~= nil and reconciling.status == "True" then
  return health("Progressing", reconciling.message)
end
if ready.status == "True" then
  return health("Healthy", ready.message)
end
return health("Progressing", ready.message)
