// SPDX-License-Identifier: Apache-2.0
/**
 * Minimizes smooth functions of a {@code double[]} with L-BFGS and Wolfe line searches.
 *
 * <p>The package works on plain Java arrays and needs no engine. {@link org.cnflow.djl.optim.Lbfgs}
 * implements the limited-memory BFGS method with the two-loop recursion of Nocedal and Wright,
 * <i>Numerical Optimization</i>, 2nd ed., Springer 2006, Algorithms 7.4 and 7.5. Two line searches
 * are provided:
 *
 * <ul>
 *   <li>{@link org.cnflow.djl.optim.MoreThuenteLineSearch}, the strong Wolfe search of Moré and
 *       Thuente, "Line search algorithms with guaranteed sufficient decrease", ACM TOMS 20(3),
 *       1994;
 *   <li>{@link org.cnflow.djl.optim.HagerZhangLineSearch}, the approximate Wolfe search of Hager
 *       and Zhang, "A new conjugate gradient method with guaranteed descent and an efficient line
 *       search", SIAM J. Optim. 16(1), 2005, with the parameters of "Algorithm 851: CG_DESCENT",
 *       ACM TOMS 32(1), 2006.
 * </ul>
 *
 * <p>Objectives may return NaN or infinite values: the line searches shrink the step when they see
 * one, and a point with a non-finite value or gradient is never accepted.
 */
package org.cnflow.djl.optim;
