/**
 * The demo tenant `npm start` seeds on an empty store: an organisation tree, three services
 * of different licence tiers and eleven users, at least one of every role. Each
 * service distributes by another policy (longest idle, round robin, serial) to show them.
 */
import { type Directory, defaultRouting, type Role, type User } from "../domain/model.ts";

const tenantId = "demo";
const domain = "demo.cirrus.test";

function user(
  n: number,
  name: string,
  displayName: string,
  orgUnitId: string,
  role: Role = "User",
): User {
  return {
    id: `user-${name}`,
    tenantId,
    orgUnitId,
    upn: `${name}@${domain}`,
    email: `${name}@${domain}`,
    objectId: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    displayName,
    role,
  };
}

export function demoDirectory(): Directory {
  const users: User[] = [
    user(1, "admin", "Ada Admin", "ou-root", "TenantAdmin"),
    user(2, "alice", "Alice Anders", "ou-support"),
    user(3, "bob", "Bob Brun", "ou-support"),
    // Carol works in the second-level team and supervises it.
    user(4, "carol", "Carol Chen", "ou-support-l2", "Supervisor"),
    user(5, "dave", "Dave Dubois", "ou-sales"),
    user(6, "erin", "Erin Ek", "ou-sales"),
    user(7, "frank", "Frank Frei", "ou-sales", "TeamOwner"),
    user(8, "grace", "Grace Gallo", "ou-support", "Supervisor"),
    {
      // Oscar administers support and also supervises sales.
      ...user(9, "oscar", "Oscar Olsen", "ou-support", "OuAdmin"),
      roleAssignments: [{ role: "Supervisor", orgUnitId: "ou-sales" }],
    },
    user(10, "tina", "Tina Toivonen", "ou-sales", "TeamOwnerLimited"),
    {
      // A partner's account, from the partner's own directory.
      ...user(11, "paula", "Paula Partner", "ou-root", "PartnerAdmin"),
      upn: "paula@partner.cirrus.test",
      email: "paula@partner.cirrus.test",
      homeTenant: "partner",
    },
  ];

  return {
    tenant: { id: tenantId, name: "Demo Company" },
    orgUnits: [
      { id: "ou-root", tenantId, parentId: null, name: "Demo Company" },
      { id: "ou-support", tenantId, parentId: "ou-root", name: "Customer Support" },
      { id: "ou-support-l2", tenantId, parentId: "ou-support", name: "Second Level" },
      { id: "ou-sales", tenantId, parentId: "ou-root", name: "Sales" },
    ],
    users,
    services: [
      {
        id: "service-support",
        tenantId,
        orgUnitId: "ou-support",
        upn: `support@${domain}`,
        name: "support",
        displayName: "Customer Support",
        description: "First-level support for all products",
        telNumber: "+41445001000",
        licence: "EnterpriseRouting",
        modalities: ["Audio", "InstantMessaging", "Email"],
        members: ["user-alice", "user-bob", "user-carol", "user-grace"],
        routing: { ...defaultRouting, policy: "LongestIdle", afterCallWorkSeconds: 0 },
      },
      {
        id: "service-sales",
        tenantId,
        orgUnitId: "ou-sales",
        upn: `sales@${domain}`,
        name: "sales",
        displayName: "Sales",
        description: "New orders and quotes",
        telNumber: "+41445002000",
        licence: "ContactCenter",
        modalities: ["Audio", "InstantMessaging", "ExternalTask"],
        members: ["user-dave", "user-erin", "user-frank"],
        owners: ["user-frank", "user-tina"],
        routing: { ...defaultRouting, policy: "RoundRobin", preferredUserSeconds: 20 },
        // Sales calls and chats are transcribed for the flows.
        virtualAssistant: true,
      },
      {
        id: "service-helpdesk",
        tenantId,
        orgUnitId: "ou-support-l2",
        upn: `helpdesk@${domain}`,
        name: "helpdesk",
        displayName: "Internal Helpdesk",
        description: "IT help for employees",
        telNumber: "+41445003000",
        licence: "BasicRouting",
        modalities: ["Audio", "InstantMessaging"],
        members: ["user-carol", "user-bob"],
        routing: { maxQueueSeconds: 120, ronaSeconds: 20, policy: "Serial" },
      },
    ],
  };
}
