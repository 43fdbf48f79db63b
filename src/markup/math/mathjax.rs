//! The commands and environments MathJax 3 draws in its default TeX setup, by name. In: a
//! command name (without its backslash) or an environment name. Out: whether MathJax knows it.
//! A formula the converter refuses on such a name is TeX another tool renders, not a typo in
//! the note ([`super::Converter::render`] tells the two apart with these).
//!
//! From MathJax's "Supported TeX/LaTeX commands" page, version 3.2
//! (github.com/mathjax/MathJax-docs, branch v3.2, `input/tex/macros/index.rst`): every macro of
//! the base package and of the packages it lists as preloaded (bold) or autoloaded (plain); those
//! of packages it does not autoload (italics: `physics`, `mathtools`, `textcomp`, ...) are left
//! out, as a page needs its own configuration for them. Commands named by a single non-letter
//! (`\,`, `\{`) are left out too: the converter knows them all.

/// Command names, without the backslash, sorted (byte order), one space apart.
const COMMANDS: &str = "\
AXC And Arrowvert Axiom AxiomC BIC Bbb Bbbk Big Bigg Biggl Biggm Biggr Bigl Bigm Bigr \
BinaryInf BinaryInfC Box Bra Braket Bumpeq Cap Cup DeclareMathOperator Delta Diamond Doteq \
Downarrow Finv Game Gamma Huge Im Join Ket Ketbra LARGE LL LaTeX Lambda Large LeftLabel \
Leftarrow Leftrightarrow Lleftarrow Longleftarrow Longleftrightarrow Longrightarrow Lsh \
Newextarrow Omega Phi Pi Pr Psi QuaternaryInf QuaternaryInfC QuinaryInf QuinaryInfC RL Re \
RightLabel Rightarrow Rrightarrow Rsh Rule S Set Sigma SkipLimits Space Subset Supset TIC \
TeX Theta Tiny TrinaryInf TrinaryInfC UIC UnaryInf UnaryInfC Uparrow Updownarrow Upsilon \
Vdash Vert Vvdash Xi above abovewithdelims acute aleph alpha alwaysDashedLine alwaysNoLine \
alwaysRootAtBottom alwaysRootAtTop alwaysSingleLine alwaysSolidLine amalg angle approx \
approxeq arccos arcsin arctan arg array arrowvert ast asymp atop atopwithdelims backepsilon \
backprime backsim backsimeq backslash bar barwedge bbFont bbox bcancel because begin beta \
beth between bf big bigcap bigcirc bigcup bigg biggl biggm biggr bigl bigm bigodot bigoplus \
bigotimes bigr bigsqcup bigstar bigtriangledown bigtriangleup biguplus bigvee bigwedge binom \
blacklozenge blacksquare blacktriangle blacktriangledown blacktriangleleft \
blacktriangleright bmod boldsymbol bot bowtie boxdot boxed boxminus boxplus boxtimes bra \
brace bracevert brack braket breve buildrel bullet bumpeq cal cancel cancelto cap cases cdot \
cdotp cdots ce centerdot cfrac check checkmark chi choose circ circeq circlearrowleft \
circlearrowright circledR circledS circledast circledcirc circleddash class clubsuit colon \
color colorbox complement cong coprod cos cosh cot coth cr csc cssId cup curlyeqprec \
curlyeqsucc curlyvee curlywedge curvearrowleft curvearrowright dagger daleth dashedLine \
dashleftarrow dashrightarrow dashv dbinom ddagger ddddot dddot ddot ddots def definecolor \
deg delta det dfrac diagdown diagup diamond diamondsuit digamma dim displaylines \
displaystyle div divideontimes divsymbol dot doteq doteqdot dotplus dots dotsb dotsc dotsi \
dotsm dotso doublebarwedge doublecap doublecup downarrow downdownarrows downharpoonleft \
downharpoonright ell emptyset enclose end enspace epsilon eqalign eqalignno eqcirc eqref \
eqsim eqslantgtr eqslantless equiv eta eth exists exp fCenter fallingdotseq fbox fcolorbox \
flat forall frac frak framebox frown gamma gcd ge genfrac geq geqq geqslant gets gg ggg \
gggtr gimel gnapprox gneq gneqq gnsim grave gt gtrapprox gtrdot gtreqless gtreqqless gtrless \
gtrsim gvertneqq hat hbar hbox hdashline heartsuit hfil hfill hfilll hline hom hookleftarrow \
hookrightarrow hphantom href hskip hslash hspace huge idotsint iff iiiint iiint iint imath \
impliedby implies in inf infty injlim int intercal intop iota it jmath kappa ker kern ket \
ketbra lVert label lambda land langle large lbrace lbrack lceil ldotp ldots le leadsto left \
leftarrow leftarrowtail leftharpoondown leftharpoonup leftleftarrows leftrightarrow \
leftrightarrows leftrightharpoons leftrightsquigarrow leftroot leftthreetimes leq leqalignno \
leqq leqslant lessapprox lessdot lesseqgtr lesseqqgtr lessgtr lesssim let lfloor lg lgroup \
lhd lim liminf limits limsup ll llap llcorner lll llless lmoustache ln lnapprox lneq lneqq \
lnot lnsim log longLeftrightharpoons longRightleftharpoons longleftarrow longleftrightarrow \
longleftrightarrows longmapsto longrightarrow longrightleftharpoons looparrowleft \
looparrowright lor lower lozenge lrcorner lt ltimes lvert lvertneqq maltese mapsto mathbb \
mathbf mathbfcal mathbffrak mathbfit mathbfscr mathbfsf mathbfsfit mathbfsfup mathbfup \
mathbin mathcal mathchoice mathclose mathfrak mathinner mathit mathnormal mathop mathopen \
mathord mathpunct mathrel mathring mathrm mathscr mathsf mathsfit mathsfup mathstrut mathtip \
mathtt mathup matrix max mbox measuredangle mho mid middle min minCDarrowheight \
minCDarrowwidth mit mkern mmlToken mod models moveleft moveright mp mskip mspace mu multimap \
nLeftarrow nLeftrightarrow nRightarrow nVDash nVdash nabla natural ncong ne nearrow neg \
negmedspace negthickspace negthinspace neq newcommand newenvironment newline nexists ngeq \
ngeqq ngeqslant ngtr ni nleftarrow nleftrightarrow nleq nleqq nleqslant nless nmid noLine \
nobreakspace nolimits nonscript nonumber normalsize not notChar notag notin nparallel nprec \
npreceq nrightarrow nshortmid nshortparallel nsim nsubseteq nsubseteqq nsucc nsucceq \
nsupseteq nsupseteqq ntriangleleft ntrianglelefteq ntriangleright ntrianglerighteq nu nvDash \
nvdash nwarrow odot oint oldstyle omega omicron ominus operatorname oplus oslash otimes over \
overbrace overleftarrow overleftrightarrow overline overparen overrightarrow overset \
overunderset overwithdelims owns parallel partial perp phantom phi pi pitchfork pm pmatrix \
pmb pmod pod prec precapprox preccurlyeq preceq precnapprox precneqq precnsim precsim prime \
prod projlim propto psi pu qquad quad rVert raise rangle rbrace rbrack rceil ref \
renewcommand renewenvironment restriction rfloor rgroup rhd rho right rightarrow \
rightarrowtail rightharpoondown rightharpoonup rightleftarrows rightleftharpoons \
rightrightarrows rightsquigarrow rightthreetimes risingdotseq rlap rm rmoustache root \
rootAtBottom rootAtTop rtimes rule rvert scr scriptscriptstyle scriptsize scriptstyle \
searrow sec set setminus sf sharp shortmid shortparallel shoveleft shoveright sideset sigma \
sim simeq sin singleLine sinh skew small smallfrown smallint smallsetminus smallsmile smash \
smile solidLine space spadesuit sphericalangle sqcap sqcup sqrt sqsubset sqsubseteq sqsupset \
sqsupseteq square stackbin stackrel star strut style subset subseteq subseteqq subsetneq \
subsetneqq substack succ succapprox succcurlyeq succeq succnapprox succneqq succnsim succsim \
sum sup supset supseteq supseteqq supsetneq supsetneqq surd swarrow symbb symbf symbfcal \
symbffrak symbfit symbfscr symbfsf symbfsfit symbfsfup symbfup symcal symfrak symit \
symnormal symrm symscr symsf symsfit symsfup symtt symup tag tan tanh tau tbinom text textbf \
textcolor textit textnormal textrm textsf textstyle texttip texttt textup tfrac therefore \
theta thickapprox thicksim thinspace tilde times tiny to toggle top triangle triangledown \
triangleleft trianglelefteq triangleq triangleright trianglerighteq tripledash tt \
twoheadleftarrow twoheadrightarrow ulcorner underbrace underleftarrow underleftrightarrow \
underline underparen underrightarrow underset unicode unlhd unrhd uparrow updownarrow \
upharpoonleft upharpoonright uplus uproot upsilon upuparrows urcorner vDash varDelta \
varGamma varLambda varOmega varPhi varPi varPsi varSigma varTheta varUpsilon varXi \
varepsilon varinjlim varkappa varliminf varlimsup varnothing varphi varpi varprojlim \
varpropto varrho varsigma varsubsetneq varsubsetneqq varsupsetneq varsupsetneqq vartheta \
vartriangle vartriangleleft vartriangleright vcenter vdash vdots vec vee veebar verb vert \
vphantom wedge widehat widetilde wp wr xLeftrightharpoons xRightleftharpoons xcancel xi \
xleftarrow xleftrightarrow xlongequal xmapsto xrightarrow xrightleftharpoons xtofrom \
xtwoheadleftarrow xtwoheadrightarrow yen zeta";

/// Environment names, sorted, one space apart.
const ENVIRONMENTS: &str = "\
Bmatrix CD Vmatrix align align* alignat alignat* aligned alignedat array bmatrix cases \
eqnarray eqnarray* equation equation* flalign flalign* gather gather* gathered matrix \
multline multline* pmatrix prooftree smallmatrix split subarray vmatrix xalignat xalignat* \
xxalignat";

/// Whether MathJax 3 draws `\\name` (`name` without its backslash).
pub fn knows_command(name: &str) -> bool {
    COMMANDS.split(' ').any(|c| c == name)
}

/// Whether MathJax 3 draws `\\begin{name}`.
pub fn knows_environment(name: &str) -> bool {
    ENVIRONMENTS.split(' ').any(|e| e == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tables_are_sorted_names() {
        for table in [COMMANDS, ENVIRONMENTS] {
            let names: Vec<&str> = table.split(' ').collect();
            assert!(
                names.windows(2).all(|w| w[0] < w[1]),
                "not sorted or repeated"
            );
            assert!(names.iter().all(|n| !n.is_empty() && !n.starts_with('\\')));
        }
    }

    #[test]
    fn mathjax_names_are_known_and_typos_are_not() {
        for known in [
            "bowtie",
            "textcolor",
            "hline",
            "large",
            "Huge",
            "space",
            "frac",
        ] {
            assert!(knows_command(known), "{known}");
        }
        for unknown in ["fracc", "Frac", "", "large x", "cellcolor"] {
            assert!(!knows_command(unknown), "{unknown}");
        }
        assert!(knows_environment("flalign*") && knows_environment("array"));
        assert!(!knows_environment("tabular") && !knows_environment("align**"));
    }
}
