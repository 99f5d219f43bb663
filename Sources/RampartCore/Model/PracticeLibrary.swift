/// The built-in good-practice library: protective, continuity, response, partnership and cyber practices drawn from
/// published international guidance (UN CTED/UNOCT compendiums, GCTF memoranda, OSCE, the EU CER Directive, ISO, FEMA,
/// NPSA, IEC and NIST). Each practice carries conservative default effect ranges in the measure-effect mini-language
/// (`TYPE:TARGET=LOW-HIGH%` or `buffer:TARGET=LOW-HIGHh`, items separated by `; `) and the rights it may engage, so that
/// measures built on it start from sourced defaults that an assessor then tailors to the site.
public enum PracticeLibrary {
    /// One practice of the library.
    public struct Practice: Sendable {
        /// Short kebab-case identifier, unique within the library.
        public let id: String
        /// Display title.
        public let title: String
        /// Pillar: one of `Vocabulary.measureCategories`.
        public let category: String
        /// What the practice is, when it helps and what to watch out for.
        public let description: String
        /// The published source or sources it is drawn from.
        public let source: String
        /// Default effect ranges, e.g. `vulnerability:ramming=60-85%; harm:any=10-25%`; empty when there is no direct effect.
        public let effects: String
        /// Rights the practice may engage: a subset of `Vocabulary.rights`.
        public let rights: [String]
    }

    /// Every practice of the library, grouped by category.
    public static let all: [Practice] = [
        // MARK: physical
        Practice(
            id: "hvm-perimeter",
            title: "Hostile vehicle mitigation at the perimeter",
            category: "physical",
            description: """
                Impact-rated bollards, barriers, planters and street furniture stop vehicles from reaching crowds or building \
                faces, and slow the approach of vehicles that are allowed in. The measure matters most where pedestrians gather \
                beside a carriageway or where a vehicle bomb could be driven up to a façade. Barriers should be rated against a \
                realistic vehicle and run-up, leave no gaps at service gates, and keep room for emergency access and pedestrian \
                flow.
                """,
            source: """
                UK NPSA (formerly CPNI) hostile vehicle mitigation guidance; vehicle security barrier ratings under IWA \
                14-1:2013, ISO 22343-1:2023 and BSI PAS 68; FEMA 426, 2nd ed. (2011), site and layout design; UNOCT vulnerable \
                targets guide, Module 2: urban centres (2022)
                """,
            effects: "vulnerability:ramming=60-85%; vulnerability:vbied=25-50%",
            rights: ["movement", "assembly", "property"]
        ),
        Practice(
            id: "standoff-distance",
            title: "Stand-off distance and blast-aware site layout",
            category: "physical",
            description: """
                Keeping unchecked vehicles and packages as far as practicable from occupied buildings and key plant lets blast \
                pressure decay before it arrives, since blast loads fall steeply with distance. The gain is largest on new sites \
                and where land surrounds the facility; in dense city centres only a few metres may be available. Stand-off \
                should go hand in hand with a controlled vehicle approach and parking policy, or the distance won is soon lost.
                """,
            source: """
                FEMA 426, Reference Manual to Mitigate Potential Terrorist Attacks Against Buildings, 2nd ed. (2011), site and \
                layout design and explosive blast guidance; FEMA 452, Risk Assessment: A How-To Guide to Mitigate Potential \
                Terrorist Attacks Against Buildings (2005)
                """,
            effects: "vulnerability:vbied=10-30%; harm:any=10-30%",
            rights: ["movement", "property"]
        ),
        Practice(
            id: "pids",
            title: "Perimeter intrusion detection",
            category: "physical",
            description: """
                Fence-mounted or buried sensors, radar and thermal cameras raise an alarm when someone crosses the boundary, \
                ideally early enough for a response force to intervene before the target is reached. Detection only lowers risk \
                if assessment and response finish before the intruder's remaining task does, so it must be designed together \
                with delay barriers and guarding. Frequent nuisance alarms from animals and weather wear down operator trust and \
                need to be tuned out.
                """,
            source: """
                UK NPSA guidance on perimeter intrusion detection systems; M. L. Garcia, The Design and Evaluation of Physical \
                Protection Systems, 2nd ed. (2008); Directive (EU) 2022/2557 (CER), Art. 13(1)(b)
                """,
            effects: "vulnerability:intrusion=30-60%; vulnerability:arson=10-25%",
            rights: ["privacy"]
        ),
        Practice(
            id: "access-control",
            title: "Electronic access control and security zoning",
            category: "physical",
            description: """
                Credentials, readers and locked zones limit each person to the areas their role requires, with the most \
                sensitive rooms placed deepest inside the site. This blocks opportunistic intrusion and narrows what a stolen or \
                misused pass can open. Tailgating, shared or lost cards and out-of-date permissions are the usual weak points, \
                so staffed entrances or turnstiles and periodic reviews of rights are needed.
                """,
            source: """
                Directive (EU) 2022/2557 (CER), Art. 13(1)(b); IEC 60839-11-1 (electronic access control systems); FEMA 426, 2nd \
                ed. (2011)
                """,
            effects: "vulnerability:intrusion=25-55%; vulnerability:insider=5-20%; vulnerability:ied=5-20%",
            rights: ["privacy", "movement"]
        ),
        Practice(
            id: "blast-glazing",
            title: "Blast-resistant glazing and anti-shatter film",
            category: "physical",
            description: """
                Laminated or filmed glass, held in frames and fixings designed for the load, stops shards from being hurled into \
                occupied rooms when a nearby explosion breaks windows. Flying glass injures people far from the seat of a blast, \
                so the benefit reaches well beyond the building under attack. Film needs proper edge retention, and upgrading \
                the glass without the frame and anchorage delivers much less than expected.
                """,
            source: """
                FEMA 426, 2nd ed. (2011), building design guidance; ISO 16933 and ISO 16934 (explosion-resistant security \
                glazing); UK NPSA glazing guidance
                """,
            effects: "harm:any=15-35%",
            rights: []
        ),
        Practice(
            id: "cctv-analytics",
            title: "CCTV with video analytics under privacy safeguards",
            category: "physical",
            description: """
                Cameras, with software that flags loitering, left objects or perimeter breaches, help spot hostile \
                reconnaissance, direct the response and support later investigation. Their value depends on who watches, how \
                fast alerts are assessed and whether images are fit for purpose. Facial recognition and behaviour analytics \
                carry real risks to privacy and of biased error: they need a clear legal basis, an impact assessment, testing \
                for discriminatory error rates and short retention.
                """,
            source: """
                UK Surveillance Camera Code of Practice (2013, revised 2021); Regulation (EU) 2024/1689 (AI Act), Art. 5 on \
                real-time remote biometric identification; UNOCT vulnerable targets guide, Module 2: urban centres (2022)
                """,
            effects: "vulnerability:intrusion=10-30%; vulnerability:arson=5-15%; vulnerability:ied=5-15%",
            rights: ["privacy", "non-discrimination", "assembly"]
        ),
        Practice(
            id: "security-lighting",
            title: "Security lighting and crime prevention through environmental design",
            category: "physical",
            description: """
                Even, low-glare lighting, open sight lines and planting that leaves no hiding places make an approach or \
                reconnaissance harder to conceal and let guards and cameras see what is happening. It is inexpensive and \
                supports nearly every other detection measure. Poorly placed lamps can dazzle cameras or throw deep shadows, so \
                the scheme should be checked after dark once installed.
                """,
            source: """
                ISO 22341:2021 (crime prevention through environmental design); FEMA 426, 2nd ed. (2011), site and layout design
                """,
            effects: "vulnerability:intrusion=5-20%; vulnerability:arson=5-15%",
            rights: []
        ),
        Practice(
            id: "counter-drone",
            title: "Counter-drone detection and response",
            category: "physical",
            description: """
                Radio-frequency, radar, acoustic and optical sensors pick up unmanned aircraft near a site or event, triggering \
                a planned response: alerting, moving people under cover, locating the pilot and, where the law permits, \
                interdiction. It is most relevant to stadiums, open-air events, prisons and energy sites. Jamming or taking over \
                a drone is normally reserved to authorised state bodies, can disrupt other radio users and may bring the \
                aircraft down on people, so detection and procedures come first.
                """,
            source: """
                UNOCT Global Programme on Countering Terrorist Threats against Vulnerable Targets (with CTED, UNICRI and UNAOC), \
                Module 5: attacks involving unmanned aircraft systems (2022); GCTF Berlin Memorandum on Good Practices for \
                Countering Terrorist Use of Unmanned Aerial Systems (2019)
                """,
            effects: "vulnerability:drone=15-45%",
            rights: ["privacy", "property"]
        ),
        Practice(
            id: "crowded-places-security",
            title: "Protective security plan for crowded places",
            category: "physical",
            description: """
                Operators of venues, shopping streets, transport hubs and events assess their own exposure and adopt a \
                proportionate package of trained staff, clear roles during an attack, links with local police and simple \
                physical measures. Because such places must stay open and welcoming, the approach prefers layered, unobtrusive \
                measures to fortress design. Smaller venues need simple templates and public support, otherwise plans stay on \
                paper.
                """,
            source: """
                GCTF Antalya Memorandum on the Protection of Soft Targets in a Counterterrorism Context (2017); UNOCT Global \
                Programme on Countering Terrorist Threats against Vulnerable Targets (with CTED, UNICRI and UNAOC), Module 1: \
                introduction to protecting vulnerable targets (2022); UK NaCTSO Crowded Places Guidance; UK Terrorism \
                (Protection of Premises) Act 2025
                """,
            effects: "vulnerability:armed-assault=5-20%; vulnerability:ied=5-20%; vulnerability:ramming=5-15%; harm:any=5-15%",
            rights: ["movement", "assembly"]
        ),
        Practice(
            id: "search-screening",
            title: "Entry search and screening",
            category: "physical",
            description: """
                Bag checks, walk-through and hand-held metal detectors, explosive trace equipment and detection dogs at entry \
                points deter and intercept weapons and devices. The practice suits ticketed events, courts, government buildings \
                and other high-risk venues. Queues in front of the search line become a crowded target in their own right, \
                searches must follow consistent criteria rather than appearance, and visitors should be told what is searched \
                and why.
                """,
            source: """
                UK NPSA search and screening guidance; UNOCT vulnerable targets guide, Module 1 (2022); GCTF Antalya Memorandum \
                (2017)
                """,
            effects: "vulnerability:ied=25-55%; vulnerability:armed-assault=15-40%",
            rights: ["privacy", "liberty", "movement", "non-discrimination"]
        ),
        Practice(
            id: "dynamic-lockdown",
            title: "Dynamic lockdown procedures",
            category: "physical",
            description: """
                A rehearsed plan lets staff close doors, halt entry and keep people away from an attacker within moments of an \
                alert, using named roles, lockable doors and an unambiguous trigger. It buys time for armed police to arrive \
                during a marauding or bladed attack. Lockdown must never trap people with a fire or block escape routes, and \
                staff need authority to start it without waiting for a manager.
                """,
            source: """
                UK NPSA guidance on developing dynamic lockdown procedures; UK NaCTSO Crowded Places Guidance; UK Terrorism \
                (Protection of Premises) Act 2025
                """,
            effects: "vulnerability:armed-assault=5-20%; harm:any=10-30%",
            rights: ["liberty", "movement"]
        ),
        Practice(
            id: "protected-spaces",
            title: "Protected spaces and safe havens",
            category: "physical",
            description: """
                Rooms or zones with solid walls and little glazing are designated as places to move people inward when staying \
                inside is safer than evacuating, for instance during a suspect device outside or an armed attack. They should \
                hold communications, first-aid supplies and a way to account for everyone present. Capacity, ventilation and \
                access for disabled people are frequently overlooked.
                """,
            source: """
                UK NaCTSO Crowded Places Guidance; FEMA 426, 2nd ed. (2011), shelter-in-place guidance; UNOCT vulnerable targets \
                guide, Module 1 (2022)
                """,
            effects: "harm:any=10-25%",
            rights: []
        ),
        Practice(
            id: "hostile-reconnaissance-deterrence",
            title: "Deterring and detecting hostile reconnaissance",
            category: "physical",
            description: """
                Attackers usually study a target before striking. Staff who are trained to notice and politely engage suspicious \
                behaviour, visible and unpredictable security patrols, and public messaging that stresses the site's protection \
                all make that planning harder and can push an attacker to give up. Training must focus on behaviour, never on \
                ethnicity, religion or dress, and reports need a quick, blame-free route to the security team.
                """,
            source: """
                UK NPSA See, Check and Notify (SCaN) training and security-minded communications guidance; GCTF Antalya \
                Memorandum (2017)
                """,
            effects: "vulnerability:any=3-12%",
            rights: ["privacy", "non-discrimination"]
        ),
        Practice(
            id: "cbr-ventilation-protection",
            title: "Protecting air intakes and ventilation against CBR release",
            category: "physical",
            description: """
                Moving outside-air intakes out of public reach, securing plant rooms, adding an emergency stop for air handling \
                and improving filtration make a chemical, biological or radiological release into a building less effective. It \
                matters most for large enclosed venues, stations and mechanically ventilated buildings. Controls must be \
                coordinated with smoke management, and staff need to know when and how to shut the system down.
                """,
            source: """
                FEMA 426, 2nd ed. (2011), chemical, biological and radiological measures; US NIOSH, Guidance for Protecting \
                Building Environments from Airborne Chemical, Biological, or Radiological Attacks (2002)
                """,
            effects: "vulnerability:cbrn=15-40%",
            rights: []
        ),
        Practice(
            id: "mail-screening",
            title: "Mail and delivery screening",
            category: "physical",
            description: """
                Post, couriers and goods deliveries are checked in a separate, ventilated area away from occupied space, by \
                trained staff who follow set procedures for suspicious items. It covers letter bombs, hazardous powders and \
                goods-in as a way of smuggling a device on site. Procedures should keep inspection of the contents of private \
                correspondence to the minimum needed.
                """,
            source: "BSI PAS 97:2015, Mail screening and security, Specification; UK NPSA mail screening guidance",
            effects: "vulnerability:ied=5-20%; vulnerability:cbrn=10-30%",
            rights: ["privacy"]
        ),
        // MARK: insider
        Practice(
            id: "personnel-vetting",
            title: "Pre-employment screening and background checks",
            category: "insider",
            description: """
                Identity, right to work, references, employment history and, for the most sensitive posts and where the law \
                allows, criminal records are checked before a person is given access. The checks matter most for staff and \
                contractors in control rooms, security and privileged IT roles. They must be proportionate to the role, grounded \
                in law, transparent to the candidate and free of discrimination on grounds such as religion or national origin.
                """,
            source: """
                Directive (EU) 2022/2557 (CER), Art. 14 (background checks) and Art. 13(1)(e); UK NPSA pre-employment screening \
                guidance; IAEA Nuclear Security Series No. 8-G (Rev. 1), Preventive and Protective Measures against Insider \
                Threats (2020)
                """,
            effects: "vulnerability:insider=10-30%",
            rights: ["privacy", "non-discrimination"]
        ),
        Practice(
            id: "vetting-aftercare",
            title: "Ongoing personnel security and vetting aftercare",
            category: "insider",
            description: """
                People's circumstances and loyalties shift over time, so periodic re-checks, regular manager conversations and \
                support for problems such as debt, ill health or grievances surface concerns after hiring. Studies of insider \
                cases have found that many perpetrators formed their intent only after joining. The approach works best when \
                presented as staff welfare, since heavy-handed monitoring erodes trust and deters people from asking for help.
                """,
            source: """
                UK NPSA ongoing personnel security guidance and Insider Risk Mitigation Framework; IAEA NSS No. 8-G (Rev. 1) \
                (2020)
                """,
            effects: "vulnerability:insider=5-20%",
            rights: ["privacy", "non-discrimination"]
        ),
        Practice(
            id: "least-privilege",
            title: "Least privilege and role-based access rights",
            category: "insider",
            description: """
                Physical and system permissions are limited to what each role needs, granted for a set period and reviewed on a \
                schedule, so that any one person or account can do only bounded damage. This limits both deliberate insider harm \
                and the reach of stolen credentials. Rights that pile up as people change jobs and shared generic administrator \
                accounts are the usual weaknesses.
                """,
            source: """
                NIST SP 800-53 Rev. 5, control AC-6 (least privilege); Directive (EU) 2022/2557 (CER), Art. 13(1)(e); IEC \
                62443-3-3:2013
                """,
            effects: "vulnerability:insider=10-30%; vulnerability:cyber=5-15%",
            rights: []
        ),
        Practice(
            id: "two-person-rule",
            title: "Two-person rule for critical actions",
            category: "insider",
            description: """
                Designated high-consequence actions, such as entering a store of hazardous material, changing safety set-points, \
                overriding interlocks or releasing large payments, need two authorised people present or approving. A single \
                insider then cannot act unseen. The rule breaks down when pairs trust each other blindly or emergency bypasses \
                become routine, so it needs audit and rotation of pairings.
                """,
            source: "IAEA NSS No. 8-G (Rev. 1) (2020); NIST SP 800-53 Rev. 5, control AC-5 (separation of duties)",
            effects: "vulnerability:insider=20-45%; vulnerability:ics=5-15%",
            rights: []
        ),
        Practice(
            id: "access-logging",
            title: "Access logging and monitoring",
            category: "insider",
            description: """
                Door, system and privileged-session logs are retained, protected against tampering and reviewed, automatically \
                for anomalies and by hand for the most sensitive areas, so that odd access patterns get noticed. The same \
                records speed up investigations. Monitoring staff has to be lawful, announced in policy, restricted to security \
                purposes and independently overseen, or it turns into intrusive surveillance.
                """,
            source: """
                NIST SP 800-53 Rev. 5, audit and accountability (AU) control family; CERT Common Sense Guide to Mitigating \
                Insider Threats, 7th ed. (2022); IAEA NSS No. 8-G (Rev. 1) (2020)
                """,
            effects: "vulnerability:insider=10-25%",
            rights: ["privacy", "non-discrimination"]
        ),
        Practice(
            id: "insider-risk-programme",
            title: "Insider-risk management programme",
            category: "insider",
            description: """
                A standing programme joins security, human resources, IT, legal and line managers to assess insider risk role by \
                role, receive concerns through a defined channel and act early and fairly. It turns scattered controls into one \
                coordinated system. Governance, confidentiality and employee-relations safeguards are needed so the programme is \
                seen as fair rather than as a hunt for culprits.
                """,
            source: """
                UK NPSA Insider Risk Mitigation Framework; CERT Common Sense Guide to Mitigating Insider Threats, 7th ed. (2022)
                """,
            effects: "vulnerability:insider=10-25%",
            rights: ["privacy", "non-discrimination"]
        ),
        Practice(
            id: "leavers-process",
            title: "Leavers and role-change process",
            category: "insider",
            description: """
                When employees or contractors leave or change role, passes, keys, accounts, remote access and shared secrets are \
                withdrawn on the day, equipment is collected, and departures on bad terms receive extra attention. Disgruntled \
                leavers and lingering access recur in insider incidents. The process relies on human resources informing \
                security and IT promptly, contractors included.
                """,
            source: """
                UK NPSA personnel security guidance; CERT Common Sense Guide to Mitigating Insider Threats, 7th ed. (2022)
                """,
            effects: "vulnerability:insider=5-15%; vulnerability:cyber=2-8%",
            rights: ["privacy"]
        ),
        Practice(
            id: "security-culture",
            title: "Security culture and concern reporting",
            category: "insider",
            description: """
                Visible leadership, regular awareness training and a simple, trusted way to raise concerns make secure behaviour \
                part of everyday work. A healthy culture strengthens every other control, from challenging tailgaters to \
                reporting odd approaches. It takes years to build and is quickly damaged if honest reports are met with blame.
                """,
            source: "Directive (EU) 2022/2557 (CER), Art. 13(1)(f); UK NPSA security culture guidance",
            effects: "vulnerability:insider=5-15%; vulnerability:intrusion=2-8%",
            rights: []
        ),
        // MARK: risk-management
        Practice(
            id: "national-risk-assessment",
            title: "National all-hazards risk assessment",
            category: "risk-management",
            description: """
                Government regularly assesses natural, accidental and deliberate risks to essential services across sectors, \
                terrorism included, and uses the results to set protection priorities. It supplies the shared picture on which \
                operators build their own assessments. It needs input from operators and security services and should be shared \
                in a usable form, not only as a classified document.
                """,
            source: """
                UN Security Council resolution 2341 (2017); CTED and UNOCT, The protection of critical infrastructures against \
                terrorist attacks: Compendium of good practices (2018); Directive (EU) 2022/2557 (CER), Art. 5 (risk assessment \
                by Member States)
                """,
            effects: "",
            rights: []
        ),
        Practice(
            id: "criticality-assessment",
            title: "Criticality assessment and designation",
            category: "risk-management",
            description: """
                Assets and operators are ranked by how severe and widespread a disruption would be if they failed, considering \
                people served, dependent sectors, available substitutes and geographic reach, so protection effort goes where it \
                counts. Criteria should be transparent and revisited as networks evolve. Lists of critical sites are sensitive \
                in their own right and need handling rules.
                """,
            source: """
                Directive (EU) 2022/2557 (CER), Art. 6 and Art. 7 (identification of critical entities; significant disruptive \
                effect); CTED and UNOCT Compendium of good practices (2018)
                """,
            effects: "",
            rights: []
        ),
        Practice(
            id: "entity-risk-assessment",
            title: "Operator all-hazards risk assessment",
            category: "risk-management",
            description: """
                Each critical operator assesses risks to its own essential services, including terrorist and insider threats and \
                dependencies on other sectors, at set intervals and after significant change. This ties the choice of measures \
                to evidence instead of habit. Assessments age quickly and should feed a resilience plan with named owners and \
                deadlines.
                """,
            source: """
                Directive (EU) 2022/2557 (CER), Art. 12 (risk assessment by critical entities) and Art. 13 (resilience \
                measures); FEMA 452, Risk Assessment: A How-To Guide to Mitigate Potential Terrorist Attacks Against Buildings \
                (2005)
                """,
            effects: "",
            rights: []
        ),
        Practice(
            id: "threat-assessment-exchange",
            title: "Threat-assessment exchange between authorities and operators",
            category: "risk-management",
            description: """
                Security and law-enforcement agencies give operators timely threat assessments they can act on, sanitised or \
                through cleared contacts, and operators report suspicious incidents back. A shared threat picture lets \
                protective postures rise and fall with the threat instead of staying fixed. Exchanges that carry personal data \
                need a legal basis and agreed handling rules.
                """,
            source: """
                UN Security Council resolution 2396 (2017); Addendum to the Madrid Guiding Principles (S/2018/1177); CTED and \
                UNOCT Compendium of good practices (2018)
                """,
            effects: "vulnerability:any=2-8%",
            rights: ["privacy"]
        ),
        Practice(
            id: "exercises-red-teaming",
            title: "Exercises and red-team testing",
            category: "risk-management",
            description: """
                Table-top and live exercises rehearse plans, while red teams, authorised testers acting as attackers, probe \
                whether guards, procedures and technology really stop a determined adversary. They expose gaps that document \
                reviews miss. Tests need clear rules of engagement and safety controls, and each finding should be tracked until \
                it is fixed.
                """,
            source: """
                ISO 22301:2019, clause 8.5 (exercise programme); Directive (EU) 2022/2557 (CER), Art. 13(1)(f); TIBER-EU \
                framework (European Central Bank, 2018)
                """,
            effects: "vulnerability:any=3-10%; recovery:any=5-15%",
            rights: []
        ),
        Practice(
            id: "vulnerability-self-assessment",
            title: "Vulnerability self-assessment tools",
            category: "risk-management",
            description: """
                Structured checklists and scoring tools let owners of buildings, venues and smaller operators review their own \
                site against known attack methods without waiting for an expert survey. They raise awareness and reveal obvious \
                gaps at low cost. Self-assessments tend to be optimistic and should be calibrated by an independent review from \
                time to time.
                """,
            source: """
                FEMA 452, Risk Assessment: A How-To Guide to Mitigate Potential Terrorist Attacks Against Buildings (2005), \
                building vulnerability assessment checklist; UNOCT vulnerable targets guide, Module 1 (2022); GCTF Antalya \
                Memorandum (2017)
                """,
            effects: "vulnerability:any=2-8%",
            rights: []
        ),
        Practice(
            id: "security-by-design",
            title: "Security integrated from the design stage",
            category: "risk-management",
            description: """
                Taking threats into account when a facility, public space or system is first planned allows protection such as \
                stand-off, zoning, robust structure and segmented networks to be built in, often invisibly and at a fraction of \
                the cost of retrofitting. It is most effective for new infrastructure and major refurbishments. Design teams \
                need a security brief from the outset, since late changes are constrained and expensive.
                """,
            source: """
                CTED, UNOCT and INTERPOL, updated UN Compendium of good practices on the protection of critical infrastructure \
                against terrorist attacks (2023), prepared within the UN Global Counter-Terrorism Coordination Compact Working \
                Group on Emerging Threats and Critical Infrastructure Protection; FEMA 426, 2nd ed. (2011); UNOCT vulnerable \
                targets guide, Module 2: urban centres (2022)
                """,
            effects: "vulnerability:any=5-15%",
            rights: []
        ),
        // MARK: continuity
        Practice(
            id: "iso22301-bcms",
            title: "Business continuity management system (ISO 22301)",
            category: "continuity",
            description: """
                A managed cycle of business impact analysis, continuity strategies, plans and exercises, owned by top \
                management, sets how critical services keep running or return within tolerable times after any disruption. It \
                offers a common, auditable framework across all hazards. A certificate alone proves little: plans must reflect \
                real dependencies and be exercised.
                """,
            source: "ISO 22301:2019, clauses 8.2 to 8.5; Directive (EU) 2022/2557 (CER), Art. 13(1)(d)",
            effects: "recovery:any=15-35%",
            rights: []
        ),
        Practice(
            id: "backup-power",
            title: "Standby generation and uninterruptible power",
            category: "continuity",
            description: """
                On-site generators, bridged by uninterruptible power supplies, keep control rooms, safety systems, \
                communications and other priority loads going through grid outages. This decouples the site from one of the most \
                common cascading dependencies. Generators let operators down when they are not tested under load, when fuel \
                degrades or when switchgear sits in the same flood or blast zone.
                """,
            source: """
                NFPA 110, Standard for Emergency and Standby Power Systems; ISO 22301:2019, clause 8.3; CTED and UNOCT \
                Compendium of good practices (2018)
                """,
            effects: "buffer:physical=8-72h",
            rights: []
        ),
        Practice(
            id: "fuel-reserves",
            title: "On-site fuel reserves and resupply arrangements",
            category: "continuity",
            description: """
                Stored fuel for generators, vehicles and boilers, sized to a target autonomy and kept usable by rotation or \
                treatment, extends how long a site can keep working when deliveries stop. Priority resupply agreements stretch \
                that further. Fuel stores are themselves a fire and sabotage hazard and need protection and separation from \
                critical plant.
                """,
            source: """
                NFPA 110; Council Directive 2009/119/EC on minimum stocks of crude oil and petroleum products (national level); \
                ISO 22301:2019, clause 8.3
                """,
            effects: "buffer:physical=24-96h",
            rights: []
        ),
        Practice(
            id: "water-storage",
            title: "Emergency water storage",
            category: "continuity",
            description: """
                Tanks, bottled supplies and connection points for tanker deliveries let hospitals, data centres that need \
                cooling water and other users ride out a loss of mains supply. Planning starts from the critical uses and a \
                realistic daily demand. Stored water must stay potable or be clearly marked as non-potable, and tankers may be \
                scarce in a region-wide emergency.
                """,
            source: """
                US CDC and AWWA, Emergency Water Supply Planning Guide for Hospitals and Health Care Facilities (2012, updated \
                2019); ISO 22301:2019, clause 8.3
                """,
            effects: "buffer:physical=12-72h",
            rights: []
        ),
        Practice(
            id: "spares-stockpile",
            title: "Strategic spares for long-lead equipment",
            category: "continuity",
            description: """
                Owned or pooled reserves of hard-to-replace equipment, such as large power transformers, pump motors, switchgear \
                and specialist valves, shrink restoration from months of manufacturing lead time to the days or weeks needed for \
                transport and installation. Sharing schemes between utilities spread the cost. Spares need compatible \
                specifications, proper storage and a plan for moving very heavy loads.
                """,
            source: """
                Edison Electric Institute Spare Transformer Equipment Program (STEP); CTED and UNOCT Compendium of good \
                practices (2018); Directive (EU) 2022/2557 (CER), Art. 13(1)(d)
                """,
            effects: "recovery:any=25-55%",
            rights: []
        ),
        Practice(
            id: "alternate-site",
            title: "Alternate operating site and backup control centre",
            category: "continuity",
            description: """
                A second, geographically separate location on warm or hot standby can take over control, dispatch or key \
                business functions if the main site is attacked, contaminated or cordoned off. It is especially important where \
                a single control room steers a whole network. The alternate must not share the primary's dependencies, its \
                staffing and switch-over need rehearsal, and its security must match the primary's.
                """,
            source: "ISO 22301:2019, clause 8.3; Directive (EU) 2022/2557 (CER), Art. 13(1)(d); NIST SP 800-82 Rev. 3 (2023)",
            effects: "recovery:any=20-45%",
            rights: []
        ),
        Practice(
            id: "mutual-aid",
            title: "Mutual aid agreements between operators",
            category: "continuity",
            description: """
                Agreements signed in advance let operators borrow crews, vehicles and equipment from peers, often in other \
                regions, after a major disruption, with liability, costs and command settled beforehand. Utility sectors lean \
                heavily on such networks after storms. They help less when one event strikes every partner at once, so partners \
                should be spread geographically.
                """,
            source: """
                US water-sector WARN (Water/Wastewater Agency Response Network) arrangements and electric-utility mutual \
                assistance programmes; CTED and UNOCT Compendium of good practices (2018)
                """,
            effects: "recovery:any=10-30%",
            rights: []
        ),
        Practice(
            id: "restoration-priorities",
            title: "Pre-agreed restoration priorities",
            category: "continuity",
            description: """
                Operators and authorities decide beforehand which customers and functions come back first, for example \
                hospitals, water pumping, telecoms hubs and emergency services, and how, including black-start sequences in the \
                power sector. This shortens decisions under pressure and limits cascading harm. Priority lists must be kept \
                current and be technically achievable on the network as built.
                """,
            source: """
                ISO 22301:2019, clause 8.2 (business impact analysis); CTED and UNOCT Compendium of good practices (2018)
                """,
            effects: "recovery:any=10-25%",
            rights: []
        ),
        // MARK: interdependency
        Practice(
            id: "dependency-mapping",
            title: "Dependency and interdependency mapping",
            category: "interdependency",
            description: """
                Operators and authorities chart what each asset draws from others, including power, fuel, water, telecoms, data, \
                staff and suppliers, and through which physical, cyber, geographic or logical links a failure could travel. The \
                maps reveal hidden single points of failure and cascades that a single-sector view misses. They are sensitive \
                and must be kept up to date as systems and contracts change.
                """,
            source: """
                S. M. Rinaldi, J. P. Peerenboom and T. K. Kelly, Identifying, understanding, and analyzing critical \
                infrastructure interdependencies, IEEE Control Systems Magazine (2001); Directive (EU) 2022/2557 (CER), Art. 12; \
                CTED and UNOCT Compendium of good practices (2018)
                """,
            effects: "",
            rights: []
        ),
        Practice(
            id: "cross-sector-information-sharing",
            title: "Cross-sector information sharing",
            category: "interdependency",
            description: """
                Operators in different sectors and the authorities routinely exchange information on outages, incidents and \
                planned works, so each can anticipate knock-on effects and coordinate restoration. Channels for use during an \
                incident, such as liaison officers and shared status boards, matter as much as routine meetings. Commercial \
                confidentiality and classified material need agreed handling rules or sharing stalls.
                """,
            source: """
                CTED and UNOCT Compendium of good practices (2018); OSCE Good Practices Guide on Non-Nuclear Critical Energy \
                Infrastructure Protection (2013); Directive (EU) 2022/2557 (CER)
                """,
            effects: "recovery:any=5-15%",
            rights: []
        ),
        Practice(
            id: "redundancy-diverse-routing",
            title: "Redundant supply and diverse routing",
            category: "interdependency",
            description: """
                Two or more independent feeds, such as power from separate substations, telecoms through separate ducts and \
                carriers and water from alternative sources, are arranged so that no single trench, bridge or building carries \
                them all. One attack or accident then cannot cut every path. Diversity must be checked on the ground, because \
                supposedly separate services often share a route or a supplier.
                """,
            source: """
                CTED and UNOCT Compendium of good practices (2018); ISO 22301:2019, clause 8.3; Directive (EU) 2022/2557 (CER), \
                Art. 13(1)(d)
                """,
            effects: "buffer:physical=12-48h; buffer:geographic=6-24h; buffer:cyber=2-12h",
            rights: []
        ),
        Practice(
            id: "emergency-supply-contracts",
            title: "Emergency supply contracts",
            category: "interdependency",
            description: """
                Framework contracts with priority clauses secure fuel, treatment chemicals, hire generators, plant and \
                specialist contractors when demand spikes during a crisis. They turn informal expectations into enforceable \
                commitments. Suppliers may be hit by the same event or promise the same capacity to several clients, so their \
                capacity should be tested and more than one kept.
                """,
            source: """
                Directive (EU) 2022/2557 (CER), Art. 13(1)(d) (alternative supply chains); ISO/TS 22318:2021 (supply chain \
                continuity management); ISO 22301:2019, clause 8.3
                """,
            effects: "buffer:physical=12-48h; recovery:any=5-15%",
            rights: []
        ),
        Practice(
            id: "manual-fallback",
            title: "Manual fallback operation",
            category: "interdependency",
            description: """
                Procedures, trained staff and local controls allow plant and services to run in a degraded manual mode when \
                SCADA, telecoms or IT systems are lost or cannot be trusted. This loosens the dependence of physical processes \
                on digital ones. Manual skills fade quickly without drills, and manual operation can need more staff than a \
                normal shift provides.
                """,
            source: """
                NIST SP 800-82 Rev. 3, Guide to Operational Technology (OT) Security (2023); OSCE Good Practices Guide on \
                Non-Nuclear Critical Energy Infrastructure Protection (2013)
                """,
            effects: "buffer:cyber=4-24h; buffer:logical=2-12h",
            rights: []
        ),
        // MARK: response
        Practice(
            id: "bleeding-control",
            title: "Bleeding-control kits and public first-aid training",
            category: "response",
            description: """
                Tourniquets, haemostatic dressings and trauma packs placed alongside defibrillators, together with short courses \
                for staff and the public, let bystanders treat life-threatening bleeding in the minutes before paramedics can \
                safely reach casualties. Uncontrolled bleeding is a major cause of preventable death after shootings and \
                bombings. Kits must be easy to find, checked regularly and backed by training.
                """,
            source: """
                Hartford Consensus (2013) and the Stop the Bleed campaign (American College of Surgeons); UK citizenAID; UNOCT \
                vulnerable targets guide, Module 1 (2022)
                """,
            effects: "harm:any=5-15%",
            rights: []
        ),
        Practice(
            id: "public-attack-guidance",
            title: "Public guidance on what to do in an attack",
            category: "response",
            description: """
                Short, memorable advice, such as the UK's Run, Hide, Tell or the US Run, Hide, Fight, on escaping, hiding safely \
                and alerting police is promoted through venues, schools and the media. People who already know what to do act \
                sooner and move out of danger. Messages should reassure rather than alarm and be adapted for children and people \
                with disabilities.
                """,
            source: """
                UK Counter Terrorism Policing, Run, Hide, Tell guidance; US DHS/CISA active-shooter guidance (Run, Hide, Fight); \
                GCTF Antalya Memorandum (2017)
                """,
            effects: "harm:any=5-15%",
            rights: []
        ),
        Practice(
            id: "joint-response-exercises",
            title: "Joint response exercises with police, fire and ambulance",
            category: "response",
            description: """
                Operators and emergency services train together on the real site, covering access routes, rendezvous points, \
                site plans, keys, radio interoperability and who commands what. Weak joint working is a recurring finding of \
                inquiries into attacks. Exercises should include night and weekend staffing and end with tracked actions.
                """,
            source: """
                UK JESIP, Joint Doctrine: The Interoperability Framework; CTED and UNOCT Compendium of good practices (2018); \
                GCTF Antalya Memorandum (2017)
                """,
            effects: "harm:any=5-15%; recovery:any=3-10%",
            rights: []
        ),
        Practice(
            id: "crisis-communication",
            title: "Crisis communication",
            category: "response",
            description: """
                Pre-approved messages, named spokespeople and prepared channels, such as social media, text alerts and public \
                address, let operators and authorities tell people quickly what is happening and what to do, and counter \
                rumours. Good communication speeds evacuation and reduces panic and secondary harm. Any restriction of \
                information or platforms during a crisis must be lawful and narrow, as it touches freedom of expression.
                """,
            source: """
                ISO 22361:2022, Security and resilience, Crisis management, Guidelines; UNOCT vulnerable targets guide, Module 1 \
                (2022)
                """,
            effects: "harm:any=2-8%; recovery:any=3-8%",
            rights: ["expression"]
        ),
        Practice(
            id: "armed-response-time",
            title: "Reducing armed-response time",
            category: "response",
            description: """
                Armed officers who are pre-positioned or on patrol nearby, direct alarm links from high-risk sites and agreed \
                access plans cut the time from first alert to confronting a marauding attacker. In such attacks casualties tend \
                to mount with every minute the attacker goes unopposed. A visible armed presence can unsettle people or \
                discourage gatherings, and rules on the use of force and training must stay strict.
                """,
            source: """
                UK JESIP Joint Operating Principles for responding to a marauding terrorist attack; CTED and UNOCT Compendium of \
                good practices (2018); UNOCT vulnerable targets guide, Module 2: urban centres (2022)
                """,
            effects: "vulnerability:armed-assault=5-15%; harm:any=5-15%",
            rights: ["liberty", "assembly"]
        ),
        Practice(
            id: "mass-casualty-surge",
            title: "Hospital mass-casualty and surge planning",
            category: "response",
            description: """
                Hospitals and ambulance services plan for a sudden influx of trauma patients, covering triage, major-incident \
                declaration, blood stocks, surgical capacity and the spread of patients across hospitals. It turns more \
                survivable injuries into survivals. Plans must allow for the hospital itself being targeted or contaminated in a \
                CBRN incident.
                """,
            source: """
                World Health Organization, Mass casualty management systems: strategies and guidelines for building health \
                sector capacity (2007)
                """,
            effects: "harm:any=5-15%",
            rights: []
        ),
        // MARK: partnership
        Practice(
            id: "ppp-isac",
            title: "Public-private partnerships and sector ISACs",
            category: "partnership",
            description: """
                Standing forums bring authorities and operators together to share threat and incident information under trusted \
                rules such as the Traffic Light Protocol and to agree common measures; in many sectors they take the form of \
                Information Sharing and Analysis Centres. They build the trust that makes fast cooperation possible in a crisis. \
                Membership, funding and competition-law boundaries should be clear, and small operators should not be left out.
                """,
            source: """
                UN Security Council resolution 2341 (2017); CTED and UNOCT Compendium of good practices (2018); ENISA guidance \
                on Information Sharing and Analysis Centres; GCTF Antalya Memorandum (2017)
                """,
            effects: "",
            rights: []
        ),
        Practice(
            id: "community-engagement",
            title: "Engagement with communities, places of worship and civil society",
            category: "partnership",
            description: """
                Authorities work with faith leaders, community groups and local organisations to share protective advice, listen \
                to concerns and open channels for reporting suspicious activity and hate incidents. Trusted relationships help \
                protect places of worship and community venues and improve early warning. Engagement must be offered \
                even-handedly to all faiths and communities, respect freedom of worship, and never become a channel for covert \
                intelligence gathering or for stigmatising any group.
                """,
            source: """
                UNOCT Global Programme on Countering Terrorist Threats against Vulnerable Targets (with CTED, UNICRI and UNAOC), \
                Module 4: protecting religious sites (2022); United Nations Plan of Action to Safeguard Religious Sites (UNAOC, \
                2019); GCTF Antalya Memorandum (2017); OSCE, Preventing Terrorism and Countering Violent Extremism and \
                Radicalization that Lead to Terrorism: A Community-Policing Approach (2014)
                """,
            effects: "",
            rights: ["religion", "assembly", "non-discrimination", "privacy"]
        ),
        Practice(
            id: "international-cooperation",
            title: "International cooperation on infrastructure protection",
            category: "partnership",
            description: """
                States exchange threat information, good practice and technical assistance, and coordinate protection of \
                cross-border networks such as pipelines, power interconnectors, subsea cables and transport corridors. Attacks \
                on shared infrastructure can cascade across borders, so purely national protection is incomplete. Sharing data \
                between jurisdictions must respect differing privacy laws and human-rights standards.
                """,
            source: """
                UN Security Council resolution 2341 (2017); CTED, UNOCT and INTERPOL, updated UN Compendium of good practices on \
                the protection of critical infrastructure against terrorist attacks (2023), prepared within the UN Global \
                Counter-Terrorism Coordination Compact Working Group on Emerging Threats and Critical Infrastructure Protection; \
                Directive (EU) 2022/2557 (CER)
                """,
            effects: "",
            rights: ["privacy"]
        ),
        Practice(
            id: "private-security-partnership",
            title: "Partnership with the private security sector",
            category: "partnership",
            description: """
                Police brief and train private guards, stewards and venue staff, who far outnumber police officers at most soft \
                targets, and bring them into local alerting and response arrangements. Well-briefed staff spot reconnaissance \
                earlier and guide the public better during an incident. Training standards vary widely, and guards' powers to \
                search or detain must stay within the law.
                """,
            source: """
                GCTF Antalya Memorandum on the Protection of Soft Targets in a Counterterrorism Context (2017); UNOCT vulnerable \
                targets guide, Module 2: urban centres (2022); UK ACT (Action Counters Terrorism) Awareness programme
                """,
            effects: "vulnerability:any=2-8%; harm:any=2-8%",
            rights: ["liberty", "privacy"]
        ),
        // MARK: cyber
        Practice(
            id: "ot-segmentation",
            title: "OT/ICS network segmentation with zones and conduits",
            category: "cyber",
            description: """
                Control networks are divided into zones of similar security need, and all traffic between zones and to corporate \
                IT passes through defined, filtered conduits such as firewalls, demilitarised zones or one-way gateways. A \
                compromise of office IT then cannot reach the controllers directly. Undocumented links, vendor remote access and \
                engineering laptops bridging two networks routinely undermine segmentation, so it must be verified in practice.
                """,
            source: """
                IEC 62443-3-2:2020 (zones and conduits) and IEC 62443-3-3:2013; NIST SP 800-82 Rev. 3 (2023); OSCE, Good \
                Practices Guide on Non-Nuclear Critical Energy Infrastructure Protection from Terrorist Attacks Focusing on \
                Threats Emanating from Cyberspace (2013)
                """,
            effects: "vulnerability:ics=30-60%; vulnerability:cyber=10-25%",
            rights: []
        ),
        Practice(
            id: "ot-incident-response",
            title: "Incident response for operational technology",
            category: "cyber",
            description: """
                OT-specific playbooks, a team that pairs control engineers with security staff, forensic readiness and agreed \
                criteria for isolating or shutting down processes let an operator contain an attack on control systems while \
                keeping the plant safe. Responses borrowed from office IT, such as wiping machines, can upset a physical \
                process. Plans should be exercised with vendors and linked to mandatory incident reporting.
                """,
            source: """
                NIST SP 800-82 Rev. 3 (2023); NIST SP 800-61 Rev. 2, Computer Security Incident Handling Guide (2012); Directive \
                (EU) 2022/2555 (NIS2), Art. 21 and Art. 23; OSCE Good Practices Guide on Non-Nuclear Critical Energy \
                Infrastructure Protection (2013)
                """,
            effects: "recovery:any=10-30%",
            rights: []
        ),
        Practice(
            id: "patch-vulnerability-management",
            title: "Patch and vulnerability management",
            category: "cyber",
            description: """
                An inventory of hardware and software, monitoring of advisories, risk-based prioritisation and a tested process \
                for applying fixes, with compensating controls where OT cannot be patched quickly, close known weaknesses before \
                attackers use them. Many intrusions exploit flaws for which a fix already exists. In OT, updates should be \
                approved by the vendor and tested so they do not disturb the process.
                """,
            source: """
                IEC TR 62443-2-3:2015 (patch management in the IACS environment); NIST SP 800-40 Rev. 4 (2022); NIST SP 800-82 \
                Rev. 3 (2023)
                """,
            effects: "vulnerability:cyber=10-30%; vulnerability:ics=5-20%",
            rights: []
        ),
        Practice(
            id: "ot-remote-access",
            title: "Secure remote access to control systems",
            category: "cyber",
            description: """
                Vendor and staff remote access to OT goes through a single managed gateway with multi-factor authentication, \
                session recording and access granted only for the length of an approved task. Exposed remote-access tools have \
                been the way in for several attacks on utilities. Pressure for convenience breeds unofficial back doors, which \
                regular scanning should look for.
                """,
            source: """
                NIST SP 800-82 Rev. 3 (2023); IEC 62443-3-3:2013; OSCE Good Practices Guide on Non-Nuclear Critical Energy \
                Infrastructure Protection (2013)
                """,
            effects: "vulnerability:ics=15-35%; vulnerability:cyber=5-15%",
            rights: []
        ),
        Practice(
            id: "offline-backups",
            title: "Offline backups and known-good configurations",
            category: "cyber",
            description: """
                Regular offline or immutable backups of servers, engineering workstations, controller programs and device \
                configurations, with tested restore procedures, let an operator rebuild after ransomware or sabotage without \
                paying or guessing. A backup is only as good as its last successful restore test. Copies should be kept where an \
                intruder on the network cannot reach or encrypt them.
                """,
            source: "Directive (EU) 2022/2555 (NIS2), Art. 21(2)(c); NIST SP 800-82 Rev. 3 (2023)",
            effects: "recovery:any=15-35%",
            rights: []
        ),
        Practice(
            id: "ot-monitoring",
            title: "OT network monitoring and anomaly detection",
            category: "cyber",
            description: """
                Passive sensors that understand industrial protocols watch control-network traffic for new devices, unusual \
                commands and known attack patterns, feeding a monitoring team that knows the plant. They give early warning of \
                intrusions that segmentation did not stop. Alerts achieve nothing without staff to triage them and a link into \
                the OT incident plan.
                """,
            source: """
                NIST SP 800-82 Rev. 3 (2023); IEC 62443-3-3:2013; OSCE Good Practices Guide on Non-Nuclear Critical Energy \
                Infrastructure Protection (2013)
                """,
            effects: "vulnerability:ics=10-25%",
            rights: []
        ),
    ]
}
